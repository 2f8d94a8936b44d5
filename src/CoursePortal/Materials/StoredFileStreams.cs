namespace CoursePortal.Materials;

/// <summary>
/// A seekable, read-only view of a stored file that fetches nothing until it is read: the first read
/// opens the bytes from the current position to <c>rangeEnd()</c> (the last byte of the range being
/// served, when the caller knows it) or to the end. Seeking elsewhere drops what was opened. This lets
/// ASP.NET's own range and conditional handling work on a file in a bucket without buffering it.
/// </summary>
public sealed class LazyRangeStream(long length, Func<long, long, CancellationToken, Task<Stream>> open, Func<long?>? rangeEnd) : Stream
{
    private Stream? body;
    private long bodyEnd;
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (position < length && buffer.Length > 0)
        {
            if (body is null)
            {
                // A hint that ends before the position (a second pass, or none given) means "to the end".
                bodyEnd = rangeEnd?.Invoke() is { } end && end >= position && end < length ? end : length - 1;
                body = await open(position, bodyEnd - position + 1, cancellationToken);
            }

            var read = await body.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                position += read;
                return read;
            }

            await body.DisposeAsync();
            body = null;
            if (bodyEnd >= length - 1 || position <= bodyEnd)
            {
                // The store ended the file early (it changed or was cut): no more bytes.
                return 0;
            }
        }

        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != position)
        {
            body?.Dispose();
            body = null;
            position = target;
        }

        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body?.Dispose();
            body = null;
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (body is not null)
        {
            await body.DisposeAsync();
            body = null;
        }

        await base.DisposeAsync();
    }
}

/// <summary>The first <paramref name="count"/> bytes of a stream (a byte range of a local file); disposing it disposes the stream.</summary>
public sealed class LimitedStream(Stream inner, long count) : Stream
{
    private long left = count;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (left <= 0)
        {
            return 0;
        }

        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, left)], cancellationToken);
        left -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (left <= 0)
        {
            return 0;
        }

        var read = inner.Read(buffer, offset, (int)Math.Min(count, left));
        left -= read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
