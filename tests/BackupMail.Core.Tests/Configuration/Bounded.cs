using System;
using System.Threading.Tasks;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    /// <summary>Awaits work with an upper bound, so that no test can hang.</summary>
    internal static class Bounded
    {
        public static async Task Within(Task task, TimeSpan bound, string what)
        {
            if (await Task.WhenAny(task, Task.Delay(bound)).ConfigureAwait(false) != task)
            {
                Assert.Fail(what + " did not finish within " + bound);
            }

            await task.ConfigureAwait(false); // rethrows its failure
        }
    }
}
