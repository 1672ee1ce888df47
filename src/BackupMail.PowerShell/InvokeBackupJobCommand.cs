using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using BackupMail.PowerShell.Completion;
using BackupMail.Delivery;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.PowerShell.Resources;
using BackupMail.Rules;

namespace BackupMail.PowerShell
{
    /// <summary>
    /// Invoke-BackupJob: runs a backup (a native program or a script block), times it, takes its exit code,
    /// notifies as Send-BackupNotification does, and returns the result with the exit code so a scheduled task
    /// can end with <c>exit $result.ExitCode</c>.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "BackupJob", SupportsShouldProcess = true, DefaultParameterSetName = FilePathSet)]
    [OutputType(typeof(BackupMailResult))]
    public sealed class InvokeBackupJobCommand : StoppableCmdlet
    {
        private const string FilePathSet = "FilePath";
        private const string ScriptBlockSet = "ScriptBlock";

        // Tags for the job's own output on the information stream (shown on the host like Write-Host).
        private static readonly string[] OutputTags = { "PSHOST", "BackupJobOutput" };
        private static readonly string[] ErrorTags = { "PSHOST", "BackupJobError" };

        private NotificationSession _session;
        private volatile System.Management.Automation.PowerShell _nested;
        private JobStreams _held;

        #region Parameters

        /// <summary>The backup job's name; its rule decides who is told and when.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(BackupNameCompleter))]
        public string BackupName { get; set; }

        /// <summary>The program to run (a path, or a name found on PATH).</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = FilePathSet)]
        [ValidateNotNullOrEmpty]
        public string FilePath { get; set; }

        /// <summary>The program's arguments, each passed as one argument.</summary>
        [Parameter(Position = 2, ParameterSetName = FilePathSet)]
        [AllowEmptyCollection]
        public string[] ArgumentList { get; set; }

        /// <summary>The backup as PowerShell: Failure on a terminating error or a non-zero $LASTEXITCODE.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ScriptBlockSet)]
        public ScriptBlock ScriptBlock { get; set; }

        /// <summary>How to read the exit code; guessed from the program's name (robocopy, rsync, restic) when not given.</summary>
        [Parameter]
        public BackupTool? Tool { get; set; }

        /// <summary>What is backed up.</summary>
        [Parameter]
        public string Source { get; set; }

        /// <summary>Where it goes.</summary>
        [Parameter]
        public string Destination { get; set; }

        /// <summary>The log the job writes: its summary and last lines go into the message.</summary>
        [Parameter]
        public string LogPath { get; set; }

        /// <summary>How many of the log's last lines <c>##LogTail##</c> shows (default 20).</summary>
        [Parameter]
        [ValidateRange(0, 1000)]
        public int LogTailLines { get; set; } = NotificationRequest.DefaultLogTailLines;

        /// <summary>Attach the log (compressed when large); overrides the rule.</summary>
        [Parameter]
        public SwitchParameter AttachLog { get; set; }

        /// <summary>Recipients for this run (an array, or one string separated by commas or semicolons); override the rule's.</summary>
        [Parameter]
        public string[] To { get; set; }

        /// <summary>When to send, for this run; overrides the rule's mode.</summary>
        [Parameter]
        public NotificationMode? Mode { get; set; }

        /// <summary>The account to send with; overrides the rule's.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string Account { get; set; }

        /// <summary>The template; overrides the rule's.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(TemplateNameCompleter))]
        public string Template { get; set; }

        /// <summary>Copy recipients for this call (an array, or one string separated by commas or semicolons); override the rule's.</summary>
        [Parameter]
        public string[] Cc { get; set; }

        /// <summary>Blind copy recipients for this call; they get the message but appear in no header; override the rule's.</summary>
        [Parameter]
        public string[] Bcc { get; set; }

        /// <summary>Where replies go, for this call; overrides the rule's.</summary>
        [Parameter]
        public string[] ReplyTo { get; set; }

        /// <summary>The priority for this call: Normal, High or Low; overrides the rule's.</summary>
        [Parameter]
        public MailPriority? Priority { get; set; }

        #endregion

        /// <summary>Runs the job, then notifies.</summary>
        protected override void EndProcessing()
        {
            var what = ParameterSetName == FilePathSet ? FilePath : ScriptBlock.ToString().Trim();
            if (!ShouldProcess(
                    NotifyCmdletStrings.Format("RunJobWhatIf", what, BackupName),
                    NotifyCmdletStrings.Format("RunJobConfirm", what, BackupName),
                    NotifyCmdletStrings.Format("RunJobCaption")))
            {
                return;
            }

            // Open the engine first: a broken configuration is reported before the backup runs, not after.
            try
            {
                _session = NotificationSession.Open(this, StopToken);
            }
            catch (BackupMailException error)
            {
                ThrowTerminatingError(ErrorRecords.From(error));
            }

            try
            {
                var request = new NotificationRequest
                {
                    BackupName = BackupName,
                    Source = Source,
                    Destination = Destination,
                    LogPath = LogPath == null ? null : GetUnresolvedProviderPathFromPSPath(LogPath),
                    LogTailLines = LogTailLines,
                    AttachLog = MyInvocation.BoundParameters.ContainsKey(nameof(AttachLog)) ? AttachLog.IsPresent : (bool?)null,
                    To = To,
                    Mode = Mode,
                    Account = Account,
                    Template = Template,
                    Cc = Cc,
                    Bcc = Bcc,
                    ReplyTo = ReplyTo,
                    Priority = Priority,
                    StartTime = DateTimeOffset.Now,
                };

                var clock = Stopwatch.StartNew();
                if (ParameterSetName == FilePathSet) RunProgram(request);
                else RunScriptBlock(request);
                request.EndTime = request.StartTime.Value + clock.Elapsed;
                WriteVerbose(NotifyCmdletStrings.Format("ProgramExited", what, request.ExitCode, clock.Elapsed));

                var result = _session.Notify(request, out var failure);
                if (result == null && failure != null)
                {
                    // The scheduled task still needs the job's exit code when the notification could not be prepared.
                    result = NotificationService.Failed(request, failure);
                }

                if (result != null)
                {
                    result.ExitCode = request.ExitCode ?? (request.Status == BackupStatus.Failure ? 1 : 0);
                    WriteObject(result);
                }

                // Errors and warnings held back because they stop this call (-ErrorAction Stop): written once the run is
                // notified and its result written, so the first one ends the call without costing the notification.
                _held?.WriteHeld();
            }
            finally
            {
                CloseSession();
            }
        }

        /// <summary>
        /// Ctrl+C: cancels <see cref="StoppableCmdlet.StopToken"/> (which ends the job's program and an SMTP conversation in
        /// progress at once, leaving the notification queued) and stops a script block job where it is. The session is
        /// closed on the pipeline thread, not here.
        /// </summary>
        protected override void StopProcessing()
        {
            base.StopProcessing();
            _nested?.BeginStop(null, null);
        }

        /// <summary>Closes the connections also when the pipeline stopped (PowerShell disposes the cmdlet on its thread).</summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                CloseSession();
            }

            base.Dispose(disposing);
        }

        private void RunProgram(NotificationRequest request)
        {
            var program = FilePath;
            request.Tool = Tool ?? ExitCodeInterpreter.GuessTool(program);
            if (!Tool.HasValue) WriteVerbose(NotifyCmdletStrings.Format("ToolGuessed", program, request.Tool));

            // A relative path is relative to PowerShell's location, not the process's working directory.
            if (program.IndexOfAny(new[] { '/', '\\' }) >= 0) program = GetUnresolvedProviderPathFromPSPath(program);
            var workingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;

            ProgramRun run;
            try
            {
                run = ProgramRun.Start(program, ArgumentList ?? Array.Empty<string>(), workingDirectory);
            }
            catch (BackupMailException error)
            {
                // A backup that could not even start is the failure an administrator most needs to hear about.
                WriteError(ErrorRecords.From(error));
                request.Status = BackupStatus.Failure;
                request.ErrorMessage = error.Message;
                return;
            }

            using (run)
            {
                try
                {
                    foreach (var line in run.ReadOutput(StopToken))
                    {
                        WriteInformation(line.Text, line.IsError ? ErrorTags : OutputTags);
                    }
                }
                catch (OperationCanceledException)
                {
                    run.Kill();
                    throw new PipelineStoppedException();
                }

                request.ExitCode = run.WaitForExit();
            }

            // As after any native command, so `exit $LASTEXITCODE` works too.
            SessionState.PSVariable.Set("global:LASTEXITCODE", request.ExitCode.Value);
        }

        // Runs the job in a nested pipeline on this runspace, every stream merged into its output so that nothing reaches
        // the host on its own: error records, warnings, verbose, debug and information records come back here and are
        // written to this cmdlet's streams as they come (the original ErrorRecord, so -ErrorVariable and $Error see it);
        // everything else goes through one Out-Host, formatted as the job's own output would be.
        // Its variables live in a scope of its own, named so that the job (which sees them: PowerShell scopes are
        // dynamic) does not mistake them for the caller's.
        private const string ScriptBlockRunner = @"
param($__BackupMailJob)
$__BackupMailHost = { Out-Host }.GetSteppablePipeline()
$__BackupMailHost.Begin($true)
try {
    & $__BackupMailJob *>&1 | ForEach-Object {
        if ($_ -is [System.Management.Automation.ErrorRecord] -or
            $_ -is [System.Management.Automation.InformationalRecord] -or
            $_ -is [System.Management.Automation.InformationRecord]) { $_ } else { $__BackupMailHost.Process($_) }
    }
} finally {
    $__BackupMailHost.End()
}";

        private void RunScriptBlock(NotificationRequest request)
        {
            request.Tool = Tool ?? BackupTool.Generic;
            // A stale $LASTEXITCODE from before the job must not count as the job's.
            SessionState.PSVariable.Set(new PSVariable("global:LASTEXITCODE", 0));
            var streams = new JobStreams(this);
            try
            {
                using (var nested = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
                using (var output = new PSDataCollection<PSObject>())
                {
                    nested.AddScript(ScriptBlockRunner, true).AddArgument(ScriptBlock);
                    output.DataAdded += (sender, e) => streams.Forward(output[e.Index]);
                    _nested = nested;
                    try
                    {
                        nested.Invoke(null, output);
                    }
                    finally
                    {
                        _nested = null;
                    }
                }
            }
            catch (RuntimeException error) when (!(error is PipelineStoppedException))
            {
                request.Status = BackupStatus.Failure;
                request.ErrorMessage = NotifyCmdletStrings.Format("ScriptBlockThrew", error.ErrorRecord?.Exception?.Message ?? error.Message);
            }

            _held = streams;
            var exitCode = LastExitCode();
            if (request.Status == BackupStatus.Failure)
            {
                // It threw: an exit code of 0 would tell the scheduled task it worked, so leave it to the result (1).
                request.ExitCode = exitCode != 0 ? exitCode : (int?)null;
                return;
            }

            request.ExitCode = exitCode;
            var messages = new System.Collections.Generic.List<string>();
            if (exitCode != 0 && request.Tool == BackupTool.Generic)
            {
                messages.Add(NotifyCmdletStrings.Format("ScriptBlockExitCode", exitCode));
            }

            if (streams.ErrorCount > 0)
            {
                // The exit code is read first; errors the job wrote then make a success a warning (never a failure better).
                if (ExitCodeInterpreter.Interpret(request.Tool, exitCode).Status == BackupStatus.Success)
                {
                    request.Status = BackupStatus.Warning;
                }

                messages.Add(NotifyCmdletStrings.Format("ScriptBlockWroteErrors", streams.ErrorCount, streams.FirstError));
            }

            if (messages.Count > 0) request.ErrorMessage = string.Join(" ", messages);
        }

        // What the job's nested pipeline writes, on this cmdlet's streams.
        private sealed class JobStreams
        {
            private readonly InvokeBackupJobCommand _cmdlet;
            private readonly System.Collections.Generic.List<ErrorRecord> _heldErrors;
            private readonly System.Collections.Generic.List<string> _heldWarnings;

            // With -ErrorAction Stop (or $ErrorActionPreference 'Stop') a written error would end this call at once, and
            // stop the job in the middle: errors are held until the run is notified. Warnings likewise.
            public JobStreams(InvokeBackupJobCommand cmdlet)
            {
                _cmdlet = cmdlet;
                if (cmdlet.Preference("ErrorAction", "ErrorActionPreference") == ActionPreference.Stop) _heldErrors = new System.Collections.Generic.List<ErrorRecord>();
                if (cmdlet.Preference("WarningAction", "WarningPreference") == ActionPreference.Stop) _heldWarnings = new System.Collections.Generic.List<string>();
            }

            public int ErrorCount { get; private set; }

            public string FirstError { get; private set; }

            public void WriteHeld()
            {
                foreach (var error in _heldErrors ?? Enumerable.Empty<ErrorRecord>()) _cmdlet.WriteError(error);
                foreach (var warning in _heldWarnings ?? Enumerable.Empty<string>()) _cmdlet.WriteWarning(warning);
            }

            public void Forward(PSObject item)
            {
                switch (item?.BaseObject)
                {
                    case ErrorRecord error when IsNativeErrorOutput(error):
                        // A program's standard error is its output, not a PowerShell error: its exit code says how it went.
                        _cmdlet.WriteInformation(error.Exception?.Message ?? error.ToString(), ErrorTags);
                        break;
                    case ErrorRecord error:
                        ErrorCount++;
                        if (FirstError == null) FirstError = error.Exception?.Message ?? error.ToString();
                        if (_heldErrors != null) _heldErrors.Add(error);
                        else _cmdlet.WriteError(error);
                        break;
                    case WarningRecord warning:
                        if (_heldWarnings != null) _heldWarnings.Add(warning.Message);
                        else _cmdlet.WriteWarning(warning.Message);
                        break;
                    case VerboseRecord verbose:
                        _cmdlet.WriteVerbose(verbose.Message);
                        break;
                    case DebugRecord debug:
                        _cmdlet.WriteDebug(debug.Message);
                        break;
                    case InformationRecord information:
                        _cmdlet.WriteInformation(information);
                        break;
                }
            }

            private static bool IsNativeErrorOutput(ErrorRecord error)
            {
                var id = error.FullyQualifiedErrorId ?? string.Empty;
                return id.StartsWith("NativeCommandError", StringComparison.Ordinal);
            }
        }

        // The preference in effect for this call: the common parameter, else the caller's variable.
        private ActionPreference Preference(string parameter, string variable)
        {
            var value = MyInvocation.BoundParameters.TryGetValue(parameter, out var given) ? given : SessionState.PSVariable.GetValue(variable);
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            if (value is ActionPreference preference) return preference;
            return value != null && Enum.TryParse(value.ToString(), true, out ActionPreference parsed) ? parsed : ActionPreference.Continue;
        }

        private int LastExitCode()
        {
            var value = SessionState.PSVariable.GetValue("global:LASTEXITCODE");
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            return value is int code ? code : 0;
        }

        private void CloseSession()
        {
            var session = _session;
            _session = null;
            session?.Dispose();
        }
    }
}
