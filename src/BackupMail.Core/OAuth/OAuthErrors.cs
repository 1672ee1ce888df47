using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BackupMail.Accounts;
using BackupMail.Resources;

namespace BackupMail.OAuth
{
    /// <summary>
    /// The errors of the token engine, each with its stable ID, kind, <see cref="ErrorRecovery"/> and a message that says what
    /// to do. Text that came from the identity provider passes <see cref="Scrub"/> first: no secret or token reaches a message.
    /// </summary>
    internal static class OAuthErrors
    {
        internal static BackupMailException SettingRequired(MailAccount account, string setting) =>
            new BackupMailException(
                ErrorIds.OAuthSettingRequired, BackupMailErrorKind.InvalidData,
                OAuthStrings.Format("SettingRequired", account.Name, account.Authentication, setting), account.Name)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        internal static BackupMailException InvalidSetting(MailAccount account, string setting, string? value) =>
            new BackupMailException(
                ErrorIds.InvalidOAuthSetting, BackupMailErrorKind.InvalidData,
                OAuthStrings.Format("InvalidHttpsSetting", account.Name, setting, AadstsAdvice.OneLine(value, 200)), value)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        /// <summary>The identity provider refused: <paramref name="error"/> (e.g. <c>invalid_client</c>) and its description.</summary>
        internal static BackupMailException TokenFailed(MailAccount account, string? error, string? description, Exception? inner, params string?[]? secrets) =>
            new BackupMailException(
                ErrorIds.OAuthTokenFailed, BackupMailErrorKind.AuthenticationError,
                Scrub(AadstsAdvice.Describe(account, error, description), secrets), account.Name, inner)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        /// <summary>The account is not signed in at all.</summary>
        internal static BackupMailException NotSignedIn(MailAccount account) =>
            new BackupMailException(
                ErrorIds.OAuthSignInRequired, BackupMailErrorKind.AuthenticationError, OAuthStrings.Format("SignInRequiredNoToken", account.Name), account.Name)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        /// <summary>The identity provider no longer accepts the account's refresh token (or sign-in).</summary>
        internal static BackupMailException SignInRequired(MailAccount account, string? error, string? description, Exception? inner, params string?[]? secrets)
        {
            var code = AadstsAdvice.FindCode(description) ?? AadstsAdvice.OneLine(error, 80) ?? OAuthStrings.Get("UnknownError");
            var detail = AadstsAdvice.OneLine(description, 300);
            var cause = Strings.IsNullOrEmpty(detail) || detail.StartsWith(code, StringComparison.Ordinal) ? (detail ?? code) : code + ": " + detail;
            return new BackupMailException(
                ErrorIds.OAuthSignInRequired, BackupMailErrorKind.AuthenticationError,
                Scrub(OAuthStrings.Format("SignInRequiredRefused", account.Name, cause), secrets), account.Name, inner)
            {
                Recovery = ErrorRecovery.Administrator,
            };
        }

        /// <summary>A device code sign-in ended without a sign-in (declined, or the code expired).</summary>
        internal static BackupMailException DeviceCodeNotCompleted(MailAccount account, string? error, string? description, Exception? inner)
        {
            var cause = AadstsAdvice.FindCode(description) ?? AadstsAdvice.OneLine(error, 80) ?? OAuthStrings.Get("UnknownError");
            return new BackupMailException(
                ErrorIds.OAuthSignInRequired, BackupMailErrorKind.AuthenticationError,
                OAuthStrings.Format("DeviceCodeNotCompleted", account.Name, cause), account.Name, inner)
            {
                Recovery = ErrorRecovery.Administrator,
            };
        }

        /// <summary>The identity provider could not be reached, broke the connection, or answered with a server error.</summary>
        internal static BackupMailException Unreachable(MailAccount account, string provider, string? cause, Exception? inner, params string?[]? secrets) =>
            new BackupMailException(
                ErrorIds.OAuthProviderUnreachable, BackupMailErrorKind.ConnectionError,
                Scrub(OAuthStrings.Format("ProviderUnreachable", account.Name, provider, AadstsAdvice.OneLine(cause, 300)), secrets), provider, inner)
            {
                Recovery = ErrorRecovery.Retry,
            };

        /// <summary>The identity provider did not answer within the account's timeout.</summary>
        internal static BackupMailException TimedOut(MailAccount account, string provider, TimeSpan timeout, Exception? inner) =>
            Unreachable(account, provider, OAuthStrings.Format("CauseTimeout", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)), inner);

        /// <summary>The identity provider answered HTTP <paramref name="status"/> (5xx, 429).</summary>
        internal static BackupMailException ServerError(MailAccount account, string provider, int status, Exception? inner) =>
            Unreachable(account, provider, OAuthStrings.Format("CauseHttpStatus", status), inner);

        internal static BackupMailException CertificateNotInStore(MailAccount account, string thumbprint) =>
            new BackupMailException(
                ErrorIds.ClientCertificateNotFound, BackupMailErrorKind.ObjectNotFound,
                OAuthStrings.Format("CertificateNotInStore", account.Name, thumbprint), thumbprint)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        internal static BackupMailException CertificateWithoutPrivateKey(MailAccount account, string thumbprint, string where, Exception? inner) =>
            new BackupMailException(
                ErrorIds.ClientCertificateNotFound, BackupMailErrorKind.SecurityError,
                OAuthStrings.Format("CertificateWithoutPrivateKey", account.Name, thumbprint, where), thumbprint, inner)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        internal static BackupMailException CertificateInVaultUnreadable(MailAccount account, Exception? inner) =>
            new BackupMailException(
                ErrorIds.ClientCertificateNotFound, BackupMailErrorKind.InvalidData,
                OAuthStrings.Format("CertificateInVaultUnreadable", account.Name, account.SecretName, account.Vault ?? OAuthStrings.Get("DefaultVault")), account.SecretName, inner)
            {
                Recovery = ErrorRecovery.Administrator,
            };

        /// <summary><paramref name="text"/> with every one of <paramref name="secrets"/> (of 4 characters or more) replaced by <c>***</c>.</summary>
        [return: NotNullIfNotNull("text")]
        internal static string? Scrub(string? text, params string?[]? secrets)
        {
            if (Strings.IsNullOrEmpty(text) || secrets == null)
            {
                return text;
            }

            foreach (var secret in secrets)
            {
                if (!Strings.IsNullOrEmpty(secret) && secret.Length >= 4)
                {
                    text = text.Replace(secret, "***");
                }
            }

            return text;
        }
    }
}
