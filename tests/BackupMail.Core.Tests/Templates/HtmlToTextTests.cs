using BackupMail.Templates;
using Xunit;

namespace BackupMail.Tests.Templates
{
    /// <summary>The plain text derived from an HTML body.</summary>
    public sealed class HtmlToTextTests
    {
        [Theory]
        [InlineData("<p>a</p><p>b</p>", "a\n\nb\n")]
        [InlineData("one<br>two<br/>three<BR />four", "one\ntwo\nthree\nfour\n")]
        [InlineData("<div>a</div><div>b</div>", "a\nb\n")]
        [InlineData("  lots   of\n\n   space  ", "lots of space\n")]
        [InlineData("<ul><li>x</li><li>y</li></ul>", "- x\n- y\n")]
        [InlineData("<h3>Title</h3>text", "Title\n\ntext\n")]
        [InlineData("a&nbsp;b", "a b\n")]
        public void StructureBecomesLineBreaks(string html, string expected)
        {
            Assert.Equal(expected, HtmlToText.Convert(html));
        }

        [Fact]
        public void EntitiesAreDecodedExactlyOnce()
        {
            Assert.Equal("R&D <tag> \"q\" 'a' &lt; ü\n", HtmlToText.Convert("R&amp;D &lt;tag&gt; &quot;q&quot; &#39;a&#39; &amp;lt; &uuml;"));
        }

        [Fact]
        public void LinksShowTheirAddressUnlessTheTextIsTheAddress()
        {
            Assert.Equal("the run (https://example.com/?a=1&b=2)\n", HtmlToText.Convert("<a href=\"https://example.com/?a=1&amp;b=2\">the run</a>"));
            Assert.Equal("https://example.com\n", HtmlToText.Convert("<a href='https://example.com'>https://example.com</a>"));
            Assert.Equal("ops@example.com\n", HtmlToText.Convert("<a href=\"mailto:ops@example.com\">ops@example.com</a>"));
            Assert.Equal("top\n", HtmlToText.Convert("<a href=\"#top\">top</a>"));
        }

        [Fact]
        public void PreformattedTextKeepsItsSpacesAndLineBreaks()
        {
            Assert.Equal("Log:\n\n   Files :   18342\n    Dirs :    1024\n", HtmlToText.Convert("Log:<pre>   Files :   18342\n    Dirs :    1024</pre>"));
        }

        [Fact]
        public void HeadScriptStyleAndCommentsAreLeftOut()
        {
            Assert.Equal("shown\n", HtmlToText.Convert(
                "<html><head><title>t</title><style>p{}</style></head><body><!-- hidden --><script>var x = '<p>';</script>shown</body></html>"));
        }

        [Fact]
        public void ATwoColumnTableReadsLabelColonValue()
        {
            var html = "<table><tr><th>Backup job</th><td>Nightly</td></tr><tr><th>Status</th><td>Success</td></tr></table>";
            Assert.Equal("Backup job: Nightly\nStatus: Success\n", HtmlToText.Convert(html));
        }

        [Fact]
        public void ALoneLessThanIsText()
        {
            Assert.Equal("a < b, 1 <= 2\n", HtmlToText.Convert("a < b, 1 <= 2"));
        }

        [Fact]
        public void NullAndEmptyGiveEmpty()
        {
            Assert.Equal(string.Empty, HtmlToText.Convert(null));
            Assert.Equal(string.Empty, HtmlToText.Convert("<p></p>"));
        }
    }
}
