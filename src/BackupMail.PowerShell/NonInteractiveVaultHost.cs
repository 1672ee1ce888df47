using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// The host the vault commands get when nobody can answer a prompt (a scheduled task, a service, redirected
    /// input, <c>pwsh -NonInteractive</c>): every prompt fails at once instead of waiting for input that never
    /// comes, and whatever the vault writes to the host is dropped.
    /// </summary>
    internal sealed class NonInteractiveVaultHost : PSHost
    {
        /// <summary>The message of every refused prompt; the credential source reads it as "the vault is locked".</summary>
        public const string PromptRefused =
            "The vault asked for input, but this session is NonInteractive: nobody can answer a prompt.";

        private readonly CultureInfo _culture;
        private readonly CultureInfo _uiCulture;

        public NonInteractiveVaultHost(PSHost original)
        {
            _culture = original?.CurrentCulture ?? CultureInfo.CurrentCulture;
            _uiCulture = original?.CurrentUICulture ?? CultureInfo.CurrentUICulture;
        }

        public override string Name => "BackupMail.NonInteractiveVaultHost";

        public override Version Version { get; } = new Version(1, 0);

        public override Guid InstanceId { get; } = Guid.NewGuid();

        public override PSHostUserInterface UI { get; } = new RefusingUserInterface();

        public override CultureInfo CurrentCulture => _culture;

        public override CultureInfo CurrentUICulture => _uiCulture;

        public override void SetShouldExit(int exitCode)
        {
        }

        public override void EnterNestedPrompt() => throw Refused();

        public override void ExitNestedPrompt()
        {
        }

        public override void NotifyBeginApplication()
        {
        }

        public override void NotifyEndApplication()
        {
        }

        private static PSInvalidOperationException Refused() => new PSInvalidOperationException(PromptRefused);

        private sealed class RefusingUserInterface : PSHostUserInterface
        {
            public override PSHostRawUserInterface RawUI => null;

            public override string ReadLine() => throw Refused();

            public override SecureString ReadLineAsSecureString() => throw Refused();

            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw Refused();

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw Refused();

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
                PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw Refused();

            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw Refused();

            public override void Write(string value)
            {
            }

            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
            {
            }

            public override void WriteLine(string value)
            {
            }

            public override void WriteErrorLine(string value)
            {
            }

            public override void WriteDebugLine(string message)
            {
            }

            public override void WriteProgress(long sourceId, ProgressRecord record)
            {
            }

            public override void WriteVerboseLine(string message)
            {
            }

            public override void WriteWarningLine(string message)
            {
            }
        }
    }
}
