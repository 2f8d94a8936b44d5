using Xunit.Abstractions;
using Xunit.Sdk;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// Runs a class's tests by method name (T1_…, T2_…), for a fixture whose tests are steps of one story
/// over expensive shared state, such as real processes.
/// </summary>
public sealed class WrittenOrder : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
