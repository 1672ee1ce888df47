using BackupMail.Notifications;
using Xunit;

namespace BackupMail.Tests.Notifications
{
    public class CommandLineTests
    {
        [Theory]
        [InlineData(new[] { "a", "b" }, "a b")]
        [InlineData(new[] { "with space" }, "\"with space\"")]
        [InlineData(new[] { "" }, "\"\"")]
        [InlineData(new[] { "say \"hi\"" }, "\"say \\\"hi\\\"\"")]
        [InlineData(new[] { "C:\\Backup Dir\\" }, "\"C:\\Backup Dir\\\\\"")]
        [InlineData(new[] { "C:\\NoSpace\\" }, "C:\\NoSpace\\")]
        public void Quotes_only_what_needs_it(string[] arguments, string expected)
        {
            Assert.Equal(expected, CommandLine.Join(arguments));
        }
    }
}
