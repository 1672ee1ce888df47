using System.Collections.Generic;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Templates
{
    public sealed class SubjectLengthTests
    {
        [Fact]
        public void A_huge_value_makes_a_short_subject_but_stays_whole_in_the_body()
        {
            var template = new MailTemplate { Subject = "Backup ##ErrorMessage##", Body = "##ErrorMessage##" };
            var huge = new string('e', 1024 * 1024);
            var rendered = TemplateRenderer.Render(template, new Dictionary<string, string> { ["ErrorMessage"] = huge });

            Assert.Equal(TemplateRenderer.MaxSubjectLength, rendered.Subject.Length);
            Assert.StartsWith("Backup eee", rendered.Subject);
            Assert.EndsWith("\u2026", rendered.Subject);
            Assert.Contains(huge, rendered.Body);
        }

        [Fact]
        public void A_subject_within_the_limit_is_left_as_it_is()
        {
            var template = new MailTemplate { Subject = "Backup ##ErrorMessage##", Body = "x" };
            var value = new string('e', TemplateRenderer.MaxSubjectLength - "Backup ".Length);
            var rendered = TemplateRenderer.Render(template, new Dictionary<string, string> { ["ErrorMessage"] = value });

            Assert.Equal("Backup " + value, rendered.Subject);
        }

        [Fact]
        public void Shortening_never_splits_a_surrogate_pair()
        {
            var emoji = "\U0001F4BE";
            var text = new string('a', TemplateRenderer.MaxSubjectLength - 2) + emoji + "tail";
            var shortened = TemplateRenderer.Shorten(text, TemplateRenderer.MaxSubjectLength);

            Assert.False(char.IsHighSurrogate(shortened[shortened.Length - 2]));
            Assert.EndsWith("\u2026", shortened);
        }
    }
}
