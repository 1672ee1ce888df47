using System.Linq;
using System.Reflection;
using Xunit;

namespace BackupMail.Tests
{
    /// <summary>The error IDs are a contract: each constant is its own name, in PascalCase, and none is there twice.</summary>
    public sealed class ErrorIdsTests
    {
        [Fact]
        public void Every_error_ID_is_its_own_name_in_PascalCase_and_unique()
        {
            var fields = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToArray();

            Assert.NotEmpty(fields);
            Assert.All(fields, f => Assert.Equal(f.Name, (string)f.GetRawConstantValue()));
            Assert.All(fields, f => Assert.Matches("^[A-Z][A-Za-z]+$", f.Name));
            Assert.Equal(fields.Length, fields.Select(f => (string)f.GetRawConstantValue()).Distinct().Count());
        }
    }
}
