#nullable enable
using System.Globalization;
using BackupMail.Resources;
using BackupMail.Templates;

namespace BackupMail.Digest
{
    /// <summary>
    /// The built-in template <c>Digest</c>, in English and German: a banner coloured by the worst status, the period, a
    /// table of the jobs, the errors of the runs that failed or warned, and the overdue jobs; HTML with its own plain-text
    /// alternative. <c>Set-BackupMailTemplate -Name Digest</c> changes it like any built-in template.
    /// </summary>
    public static class DigestTemplates
    {
        /// <summary>The built-in digest template's name.</summary>
        public const string Name = "Digest";

        /// <summary>A fresh copy of the built-in <c>Digest</c> template in <paramref name="uiCulture"/> (the current UI culture when null).</summary>
        public static MailTemplate Get(CultureInfo? uiCulture)
        {
            uiCulture = uiCulture ?? CultureInfo.CurrentUICulture;
            return new MailTemplate
            {
                Name = Name,
                Subject = DigestStrings.Get("DigestSubject", uiCulture),
                Body = Normalize(DigestStrings.Get("DigestHtmlBody", uiCulture)),
                BodyFormat = BodyFormat.Html,
                TextBody = Normalize(DigestStrings.Get("DigestTextBody", uiCulture)),
                IsBuiltIn = true,
            };
        }

        // resx files may carry CRLF or LF depending on how they were checked out; the body always uses LF.
        private static string Normalize(string body) => body.Replace("\r\n", "\n").TrimStart('\n');
    }
}
