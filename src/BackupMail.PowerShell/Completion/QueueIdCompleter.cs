using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BackupMail.Configuration;
using BackupMail.Outbox;

namespace BackupMail.PowerShell.Completion
{
    /// <summary>
    /// Completes the ids of the items in the outbox (or, when <c>-Failed</c> is given, in outbox/failed), oldest first;
    /// the tooltip says which backup and subject each one is.
    /// </summary>
    public sealed class QueueIdCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Safely(() =>
            {
                var outbox = OutboxStore.InConfigDirectory(ConfigDirectory.Resolve());
                bool failed = fakeBoundParameters != null && fakeBoundParameters.Contains("Failed") && IsSet(fakeBoundParameters["Failed"]);
                IReadOnlyList<OutboxItem> items = failed ? outbox.ListFailed() : outbox.List();
                var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
                return items
                    .Where(item => !string.IsNullOrEmpty(item.Id) && item.Id.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                    .Select(item => new CompletionResult(item.Id, item.Id, CompletionResultType.ParameterValue, ToolTip(item)))
                    .ToList();
            });

        private static bool IsSet(object value)
        {
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            return value is SwitchParameter switchValue ? switchValue.IsPresent : value is bool flag ? flag : value != null;
        }

        private static string ToolTip(OutboxItem item)
        {
            var text = string.Join(": ", new[] { item.BackupName, item.Subject }.Where(part => !string.IsNullOrEmpty(part)));
            return text.Length == 0 ? item.Id : text;
        }
    }
}
