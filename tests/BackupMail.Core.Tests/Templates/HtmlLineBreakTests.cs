using System.Collections.Generic;
using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Templates
{
    /// <summary>Multi-line values in an HTML body keep their line breaks, and every value is encoded exactly once.</summary>
    public sealed class HtmlLineBreakTests
    {
        private static string Render(string body, string value, string textBody = null)
        {
            var values = new Dictionary<string, string> { ["ErrorMessage"] = value };
            return TemplateRenderer.Render(new MailTemplate { Subject = "s", Body = body, BodyFormat = BodyFormat.Html, TextBody = textBody }, values).Body;
        }

        [Fact]
        public void OutsidePreALineBreakBecomesBr()
        {
            Assert.Equal("<td>first &amp; one<br>second<br>third</td>\n", Render("<td>##ErrorMessage##</td>\n", "first & one\r\nsecond\nthird"));
        }

        [Fact]
        public void InsidePreALineBreakStaysALineBreak()
        {
            Assert.Equal("<pre class=\"x\">a &lt;1&gt;\nb\n</pre>", Render("<pre class=\"x\">##ErrorMessage##</pre>", "a <1>\r\nb\r\n"));
        }

        [Fact]
        public void PreSpanningLinesOfTheTemplateIsFollowed()
        {
            string body = "<PRE>\n##ErrorMessage##\n</PRE>\n<p>##ErrorMessage##</p>\n";
            Assert.Equal("<PRE>\na\nb\n</PRE>\n<p>a<br>b</p>\n", Render(body, "a\nb"));
        }

        [Fact]
        public void InAnAttributeOrTheTitleNoBrIsWritten()
        {
            Assert.Equal("<p title=\"a\nb\">x</p>", Render("<p title=\"##ErrorMessage##\">x</p>", "a\nb"));
            Assert.Equal("<title>a\nb</title><p>a<br>b</p>", Render("<title>##ErrorMessage##</title><p>##ErrorMessage##</p>", "a\nb"));
        }

        [Fact]
        public void AValueIsEncodedExactlyOnce()
        {
            string body = Render("<p>##ErrorMessage##</p>", "&amp; is already an entity, <br> is text");
            Assert.Equal("<p>&amp;amp; is already an entity, &lt;br&gt; is text</p>", body);
            Assert.Equal("&amp; is already an entity, <br> is text\n", HtmlToText.Convert(body));
        }

        [Fact]
        public void AQuoteInsideAnAttributeDoesNotConfuseTheContext()
        {
            // The '>' inside the quoted attribute does not end the tag; the value after the tag is flowing text.
            Assert.Equal("<p data-x=\"a>b\">1<br>2</p>", Render("<p data-x=\"a>b\">##ErrorMessage##</p>", "1\n2"));
        }

        [Fact]
        public void TheTextAlternativeIsRenderedAsText()
        {
            var values = new Dictionary<string, string> { ["ErrorMessage"] = "a & b\nc" };
            RenderedMessage message = TemplateRenderer.Render(new MailTemplate
            {
                Subject = "s",
                Body = "<p>##ErrorMessage##</p>",
                BodyFormat = BodyFormat.Html,
                TextBody = "Error: ##ErrorMessage##\nSource: ##Source##\n",
            }, values);
            Assert.Equal("Error: a & b\nc\n", message.TextBody);
            Assert.Equal("<p>a &amp; b<br>c</p>", message.Body);
        }

        [Fact]
        public void ATextTemplateHasNoTextAlternative()
        {
            RenderedMessage message = TemplateRenderer.Render(new MailTemplate { Subject = "s", Body = "b", TextBody = "t" }, new Dictionary<string, string>());
            Assert.Null(message.TextBody);
        }
    }
}
