using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>Keeps every log message the app writes, so tests can check what is (and is not) logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Every event with its level, to check that nothing was logged as an error.</summary>
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception) + (exception is null ? "" : " " + exception);
            owner.Messages.Enqueue(message);
            owner.Entries.Enqueue((logLevel, message));
        }
    }
}
