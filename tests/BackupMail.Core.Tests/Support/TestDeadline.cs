using System;
using System.Threading.Tasks;

namespace BackupMail.Tests.Support
{
    /// <summary>Keeps a test from hanging: runs the body on the thread pool and fails the test if it has not finished in time.</summary>
    public static class TestDeadline
    {
        /// <summary>The bound used by the SMTP tests.</summary>
        public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

        /// <summary>Runs <paramref name="body"/>, failing after <paramref name="limit"/> (default 60 s).</summary>
        public static T Run<T>(Func<T> body, TimeSpan? limit = null)
        {
            var task = Task.Run(body);
            if (!task.Wait(limit ?? Default))
            {
                throw new TimeoutException("The test did not finish within " + (limit ?? Default) + ".");
            }

            return task.Result;
        }

        /// <summary>Runs <paramref name="body"/>, failing after <paramref name="limit"/> (default 60 s).</summary>
        public static void Run(Action body, TimeSpan? limit = null) => Run(() => { body(); return 0; }, limit);

        /// <summary>Runs <paramref name="body"/> and returns the exception of type <typeparamref name="TException"/> it threw; fails if it threw none.</summary>
        public static TException Throws<TException>(Action body, TimeSpan? limit = null)
            where TException : Exception
        {
            var task = Task.Run(body);
            try
            {
                if (!task.Wait(limit ?? Default))
                {
                    throw new TimeoutException("The test did not finish within " + (limit ?? Default) + ".");
                }
            }
            catch (AggregateException aggregate) when (aggregate.InnerException is TException expected)
            {
                return expected;
            }

            throw new Xunit.Sdk.XunitException("Expected " + typeof(TException).Name + ", but nothing was thrown.");
        }
    }
}
