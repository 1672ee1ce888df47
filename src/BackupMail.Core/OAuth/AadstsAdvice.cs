using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using BackupMail.Accounts;
using BackupMail.Resources;

namespace BackupMail.OAuth
{
    /// <summary>
    /// Turns an identity provider's refusal (an AADSTS code from Microsoft Entra ID, or an RFC 6749 error such as
    /// <c>invalid_client</c> from another provider) into what the administrator must do about it.
    /// </summary>
    internal static class AadstsAdvice
    {
        private const int MaxDescriptionLength = 300;
        private static readonly Regex Code = new Regex(@"\bAADSTS(\d{4,9})\b", RegexOptions.CultureInvariant);

        /// <summary>The first AADSTS code in <paramref name="text"/> (e.g. <c>AADSTS7000215</c>); null when there is none.</summary>
        internal static string? FindCode(string? text)
        {
            if (Strings.IsNullOrEmpty(text))
            {
                return null;
            }

            var match = Code.Match(text);
            return match.Success ? "AADSTS" + match.Groups[1].Value : null;
        }

        /// <summary>
        /// The message of an <c>OAuthTokenFailed</c> error for <paramref name="account"/>: the code (an AADSTS code found in
        /// <paramref name="description"/>, else <paramref name="error"/>) and its fix, or the provider's description as given.
        /// </summary>
        internal static string Describe(MailAccount account, string? error, string? description)
        {
            var code = FindCode(description) ?? FindCode(error);
            return OAuthStrings.Format("TokenFailed", account.Name, Advice(account, code, error, description));
        }

        /// <summary>What to do about <paramref name="code"/>; the code and the description as given when there is no advice for it.</summary>
        internal static string Advice(MailAccount account, string? code, string? error, string? description)
        {
            switch (code)
            {
                case "AADSTS7000215":
                    return OAuthStrings.Format("AdviceWrongClientSecret", account.Name);
                case "AADSTS7000222":
                    return OAuthStrings.Format("AdviceExpiredClientSecret", account.Name);
                case "AADSTS700016":
                    return OAuthStrings.Format("AdviceApplicationNotFound", account.Name, account.ClientId, account.TenantId);
                case "AADSTS90002":
                    return OAuthStrings.Format("AdviceTenantNotFound", account.Name, account.TenantId, account.Cloud);
                case "AADSTS65001":
                    return OAuthStrings.Format("AdviceNoConsent", code, account.ClientId);
                case "AADSTS7000229":
                    return OAuthStrings.Format("AdviceNoServicePrincipal", code, account.ClientId, account.TenantId);
                case "AADSTS700027":
                case "AADSTS700024":
                    return OAuthStrings.Format("AdviceCertificateRejected", code, account.Name);
            }

            var shown = code ?? (Strings.IsNullOrEmpty(error) ? OAuthStrings.Get("UnknownError") : OneLine(error, 80));
            var text = OneLine(description, MaxDescriptionLength);
            if (Strings.IsNullOrEmpty(text))
            {
                return shown;
            }

            // Entra's descriptions begin with the code already: "AADSTS50000: There was an error...".
            return text.StartsWith(shown, StringComparison.Ordinal) ? text : shown + ": " + text;
        }

        /// <summary>The first line of <paramref name="text"/>, without control characters, at most <paramref name="max"/> characters.</summary>
        [return: NotNullIfNotNull("text")]
        internal static string? OneLine(string? text, int max)
        {
            if (Strings.IsNullOrEmpty(text))
            {
                return text;
            }

            var end = text.IndexOfAny(new[] { '\r', '\n' });
            var line = (end < 0 ? text : text.Substring(0, end)).Trim();
            var chars = line.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsControl(chars[i]))
                {
                    chars[i] = ' ';
                }
            }

            line = new string(chars);
            return line.Length <= max ? line : line.Substring(0, max) + "...";
        }
    }
}
