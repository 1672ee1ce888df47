using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BackupMail.Delivery;
using BackupMail.Notifications;
using BackupMail.Outbox;
using BackupMail.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace BackupMail.Tests.Outbox
{
    /// <summary>Issue 4 §1: two flushes at once never send the same item twice, and together send them all.</summary>
    public sealed class ConcurrentSendersTests : IDisposable
    {
        private const int ItemCount = 20;
        private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

        private const string FlushScript = @"
param([string] $Bin, [string] $Config, [string] $Ready, [string] $Go)
$ErrorActionPreference = 'Stop'
foreach ($dll in 'MimeKit.dll', 'MailKit.dll', 'BackupMail.Core.dll') { Add-Type -Path (Join-Path $Bin $dll) }
# Defined after Add-Type: a class is resolved when it is parsed. The account is anonymous; no vault is asked.
Invoke-Expression @'
class NoVault : BackupMail.Accounts.ICredentialSource {
    [System.Net.NetworkCredential] Get([string] $vault, [string] $secretName) { throw 'no vault in this test' }
    [void] Set([string] $vault, [string] $secretName, [System.Net.NetworkCredential] $credential) { throw 'no vault in this test' }
    [void] Remove([string] $vault, [string] $secretName) { throw 'no vault in this test' }
}
'@
$accounts = [BackupMail.Accounts.AccountService]::new([BackupMail.Configuration.ConfigStore]::new($Config), [NoVault]::new(), $null)
$dispatcher = [BackupMail.Notifications.MailDispatcher]::new($accounts, [BackupMail.Delivery.SmtpConnector]::new($null), [BackupMail.Outbox.OutboxStore]::InConfigDirectory($Config))
$sender = [BackupMail.Outbox.OutboxSender]::new($dispatcher, $null)
New-Item -ItemType File -Path $Ready | Out-Null
$deadline = [DateTime]::UtcNow.AddMinutes(3)
while (-not (Test-Path $Go)) {
    if ([DateTime]::UtcNow -gt $deadline) { throw 'never told to go' }
    Start-Sleep -Milliseconds 5
}
try { $results = $sender.SendDue([TimeSpan]::FromMinutes(5)) } finally { $dispatcher.Dispose() }
foreach ($result in $results) { 'RESULT ' + $result.Action + ' ' + $result.MessageId }
";

        private readonly OutboxTestBed _bed = new OutboxTestBed();
        private readonly ITestOutputHelper _log;

        public ConcurrentSendersTests(ITestOutputHelper log) => _log = log;

        public void Dispose() => _bed.Dispose();

        [Fact]
        public void Two_senders_flushing_the_same_twenty_items_deliver_each_exactly_once()
        {
            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);
            var queuedIds = new List<string>();
            for (var i = 0; i < ItemCount; i++)
            {
                var message = OutboxTestBed.Compose("Backup " + i);
                _bed.Outbox.Enqueue(message, new OutboxItem { Account = "Default", To = new[] { "admin@example.com" }, BackupName = "Backup " + i, NextAttempt = _bed.Now }, _bed.Now);
                queuedIds.Add(message.MessageId);
            }

            using var start = new Barrier(2);
            IReadOnlyList<BackupMailResult> Flush()
            {
                // Each sender as its own cmdlet call would make it: its own store, dispatcher and sender.
                using var dispatcher = new MailDispatcher(_bed.Accounts, new SmtpConnector(SmtpClientFactory.Default, _bed.Output), new OutboxStore(_bed.Outbox.DirectoryPath))
                {
                    Clock = () => _bed.Now,
                };
                var sender = new OutboxSender(dispatcher, _bed.Output);
                start.SignalAndWait(TestDeadline.Default);
                return sender.SendDue(TimeSpan.FromMinutes(5));
            }

            var first = Task.Factory.StartNew(Flush, TaskCreationOptions.LongRunning);
            var second = Task.Factory.StartNew(Flush, TaskCreationOptions.LongRunning);
            Assert.True(Task.WaitAll(new Task[] { first, second }, TimeSpan.FromMinutes(2)), "the two senders did not finish within two minutes");

            var results = first.Result.Concat(second.Result).ToList();
            Assert.All(results, r => Assert.Equal(DeliveryAction.Sent, r.Action));
            Assert.Equal(ItemCount, results.Count);

            var delivered = server.Messages.Select(m => m.Message.MessageId).ToList();
            Assert.Equal(queuedIds.OrderBy(x => x, StringComparer.Ordinal), delivered.OrderBy(x => x, StringComparer.Ordinal));
            Assert.Equal(ItemCount, delivered.Distinct().Count());
            Assert.Empty(_bed.Outbox.List());

            // Nothing left behind either: no message, metadata, temporary or lock file.
            Assert.Empty(_bed.ItemFiles());
        }

        [Fact]
        public void A_PowerShell_process_and_this_one_flushing_the_same_twenty_items_deliver_each_exactly_once()
        {
            using var server = TestSmtpServer.Start();
            _bed.PointAt(server);
            _bed.Now = DateTimeOffset.UtcNow; // the child flushes by the real clock
            var queuedIds = new List<string>();
            for (var i = 0; i < ItemCount; i++)
            {
                var message = OutboxTestBed.Compose("Backup " + i);
                _bed.Outbox.Enqueue(message, new OutboxItem { Account = "Default", To = new[] { "admin@example.com" }, BackupName = "Backup " + i, NextAttempt = _bed.Now.AddMinutes(-1) }, _bed.Now);
                queuedIds.Add(message.MessageId);
            }

            var script = Path.Combine(_bed.ConfigDirectory, "..", "flush.ps1");
            File.WriteAllText(script, FlushScript);
            var ready = Path.Combine(_bed.ConfigDirectory, "..", "child-ready");
            var go = Path.Combine(_bed.ConfigDirectory, "..", "go");
            var bin = Path.GetDirectoryName(typeof(OutboxStore).Assembly.Location);

            IReadOnlyList<BackupMailResult> mine;
            string childOutput;
            using (var child = ChildPwsh.Start(script, "-Bin", bin, "-Config", _bed.ConfigDirectory, "-Ready", ready, "-Go", go))
            {
                var stderr = child.StandardError.ReadToEndAsync();
                var stdout = child.StandardOutput.ReadToEndAsync();
                try
                {
                    ChildPwsh.WaitForFile(child, ready, Bound, () => stderr.Result + stdout.Result);

                    File.WriteAllText(go, string.Empty);
                    mine = _bed.SendDue(TimeSpan.FromMinutes(5));
                    Assert.True(child.WaitForExit((int)Bound.TotalMilliseconds), "pwsh did not finish its flush");
                    if (child.ExitCode != 0)
                    {
                        Assert.Fail("pwsh failed: " + stderr.Result + stdout.Result);
                    }

                    childOutput = stdout.Result;
                }
                finally
                {
                    if (!child.HasExited)
                    {
                        child.Kill(entireProcessTree: true);
                    }
                }
            }

            var theirs = childOutput.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
            _log.WriteLine($"this process sent {mine.Count}, the PowerShell process {theirs.Count}");
            Assert.All(mine, r => Assert.Equal(DeliveryAction.Sent, r.Action));
            Assert.All(theirs, r => Assert.Equal("Sent", r[1]));
            Assert.Equal(ItemCount, mine.Count + theirs.Count);
            Assert.Equal(
                queuedIds.OrderBy(x => x, StringComparer.Ordinal),
                mine.Select(r => r.MessageId).Concat(theirs.Select(r => r[2])).OrderBy(x => x, StringComparer.Ordinal));

            var delivered = server.Messages.Select(m => m.Message.MessageId).ToList();
            Assert.Equal(queuedIds.OrderBy(x => x, StringComparer.Ordinal), delivered.OrderBy(x => x, StringComparer.Ordinal));
            Assert.Empty(_bed.Outbox.List());
            Assert.Empty(_bed.ItemFiles());
        }
    }
}
