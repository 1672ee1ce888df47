using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Rules;
using BackupMail.Tests.Configuration;
using BackupMail.Templates;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Notifications
{
    // NotificationService.BeginDeliver: the session opened on the caller's thread, the send on another, every
    // outcome reported by End, in the caller's order.
    public sealed class BackgroundDeliveryTests : IDisposable
    {
        // The assertions read the engine's English messages.
        private readonly UiCulture _english = UiCulture.Use("en-US");
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "bm-background-" + Guid.NewGuid().ToString("N"));
        private readonly TestSmtpServer _server = TestSmtpServer.Start(new TestSmtpServerOptions().RejectRecipient("gone@example.com"));
        private readonly NotificationWiring _wiring;

        public BackgroundDeliveryTests()
        {
            _wiring = NotificationWiring.WithPlainTemplate(_directory, _server);
        }

        public void Dispose()
        {
            _wiring.Dispose();
            _server.Dispose();
            _english.Dispose();
            try { Directory.Delete(_directory, true); } catch (IOException) { }
        }

        private PreparedNotification Prepare(string backupName, string to = "admin@example.com") =>
            _wiring.Service.Prepare(new NotificationRequest { BackupName = backupName, Status = BackupStatus.Success, To = new[] { to }, Template = "Plain" });

        [Fact]
        public void Each_notification_is_sent_while_the_next_is_prepared_and_reports_its_own_result_in_order()
        {
            var results = new List<BackupMailResult>();
            TestDeadline.Run(() =>
            {
                PendingNotification pending = null;
                foreach (var name in new[] { "A", "B", "C", "D" })
                {
                    var prepared = Prepare(name);
                    if (pending != null) results.Add(pending.End());
                    pending = _wiring.Service.BeginDeliver(prepared);
                }

                results.Add(pending.End());
            });

            Assert.Equal(new[] { "A", "B", "C", "D" }, results.Select(r => r.BackupName));
            Assert.All(results, r => Assert.Equal(DeliveryAction.Sent, r.Action));
            var received = _server.WaitForMessages(4, TimeSpan.FromSeconds(10));
            Assert.Equal(new[] { "[A] Success exit=", "[B] Success exit=", "[C] Success exit=", "[D] Success exit=" }, received.Select(m => m.Message.Subject));
            Assert.Equal(results.Select(r => r.MessageId), received.Select(m => m.Message.MessageId));
        }

        [Fact]
        public void The_connection_is_opened_on_the_calling_thread_and_the_messages_go_out_on_another()
        {
            var caller = Thread.CurrentThread.ManagedThreadId;
            var results = new List<BackupMailResult>();
            foreach (var name in new[] { "A", "B" })
            {
                var pending = _wiring.Service.BeginDeliver(Prepare(name));

                // Delivered before End is called: End would otherwise be free to run a send that has not started yet
                // on this thread itself.
                _server.WaitForMessages(results.Count + 1, TimeSpan.FromSeconds(10));
                results.Add(pending.End());
            }

            var verbose = _wiring.Output.Verbose;
            var threads = _wiring.Output.VerboseThreads;
            var connecting = Enumerable.Range(0, verbose.Count).Single(i => verbose[i].StartsWith("Connecting to", StringComparison.Ordinal));
            Assert.Equal(caller, threads[connecting]);
            foreach (var result in results)
            {
                // The server's acceptance of each message is reported by the thread that sent it.
                var accepted = Enumerable.Range(0, verbose.Count).Single(i => verbose[i].Contains(result.MessageId));
                Assert.NotEqual(caller, threads[accepted]);
            }
        }

        [Fact]
        public void A_notification_refused_in_the_background_reports_its_error_from_End_and_the_next_one_still_goes_out()
        {
            BackupMailException refused = null;
            BackupMailResult next = null;
            TestDeadline.Run(() =>
            {
                var first = _wiring.Service.BeginDeliver(Prepare("A"));
                first.End();
                var rejected = _wiring.Service.BeginDeliver(Prepare("B", "gone@example.com"));
                refused = Assert.Throws<BackupMailException>(() => rejected.End());
                next = _wiring.Service.BeginDeliver(Prepare("C")).End();
            });

            Assert.Equal("SmtpRecipientRejected", refused.ErrorId);
            Assert.Contains("gone@example.com", refused.Message);
            Assert.Equal(DeliveryAction.Sent, next.Action);
            Assert.Equal(new[] { "[A] Success exit=", "[C] Success exit=" }, _server.WaitForMessages(2, TimeSpan.FromSeconds(10)).Select(m => m.Message.Subject));
        }

        [Fact]
        public void A_server_that_goes_away_in_the_middle_of_a_pipeline_costs_no_notification()
        {
            var directory = Path.Combine(Path.GetTempPath(), "bm-background-outbox-" + Guid.NewGuid().ToString("N"));
            var server = TestSmtpServer.Start();
            var serverStopped = false;
            var wiring = NotificationWiring.WithPlainTemplate(directory, server, withOutbox: true);
            try
            {
                PreparedNotification Next(string name) => wiring.Service.Prepare(new NotificationRequest
                {
                    BackupName = name, Status = BackupStatus.Success, To = new[] { "admin@example.com" }, Template = "Plain",
                });

                var results = new List<BackupMailResult>();
                TestDeadline.Run(() =>
                {
                    results.Add(wiring.Service.BeginDeliver(Next("A")).End());
                    server.Dispose();
                    serverStopped = true;

                    // B goes out in the background over the connection the server has just dropped; C finds no server.
                    var b = wiring.Service.BeginDeliver(Next("B"));
                    var c = Next("C");
                    results.Add(b.End());
                    results.Add(wiring.Service.BeginDeliver(c).End());
                });

                Assert.Equal(new[] { DeliveryAction.Sent, DeliveryAction.Queued, DeliveryAction.Queued }, results.Select(r => r.Action));
                var queued = wiring.Outbox.List();
                Assert.Equal(new[] { "B", "C" }, queued.Select(item => item.BackupName).OrderBy(n => n));
                Assert.Equal(results.Skip(1).Select(r => r.QueueId).OrderBy(id => id), queued.Select(item => item.Id).OrderBy(id => id));
                Assert.Equal(2, wiring.Output.Warnings.Count(w => w.Contains("waits in the outbox", StringComparison.Ordinal)));
            }
            finally
            {
                wiring.Dispose();
                if (!serverStopped) server.Dispose();
                try { Directory.Delete(directory, true); } catch (IOException) { }
            }
        }

        [Fact]
        public void A_skipped_notification_is_done_at_once_and_opens_no_connection()
        {
            var prepared = _wiring.Service.Prepare(new NotificationRequest { BackupName = "Quiet", Status = BackupStatus.Success, To = new[] { "admin@example.com" }, Mode = NotificationMode.Never });

            var result = _wiring.Service.BeginDeliver(prepared).End();

            Assert.Equal(DeliveryAction.Skipped, result.Action);
            Assert.DoesNotContain(_wiring.Output.Verbose, v => v.StartsWith("Connecting to", StringComparison.Ordinal));
        }
    }
}
