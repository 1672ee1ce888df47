using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using BackupMail.Accounts;
using BackupMail.Configuration;
using BackupMail.Delivery;
using BackupMail.Jobs;
using BackupMail.Notifications;
using BackupMail.Rules;
using BackupMail.Templates;
using BackupMail.Tests.Support;
using Xunit;

namespace BackupMail.Tests.Notifications
{
    // The whole engine path: config.json in a temp directory, real services, an in-process SMTP server.
    public sealed class NotificationServiceTests : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "bm-notify-" + Guid.NewGuid().ToString("N"));
        private readonly TestSmtpServer _server = TestSmtpServer.Start();
        private readonly NotificationWiring _wiring;
        private readonly ConfigStore _store;
        private readonly RecordingOutputWriter _output;
        private readonly NotificationService _service;

        public NotificationServiceTests()
        {
            _wiring = NotificationWiring.WithPlainTemplate(_directory, _server);
            _store = _wiring.Store;
            _output = _wiring.Output;
            _service = _wiring.Service;
        }

        public void Dispose()
        {
            _wiring.Dispose();
            _server.Dispose();
            try { Directory.Delete(_directory, true); } catch (IOException) { }
        }

        private void AddRule(string backupName, NotificationMode mode, params string[] to) =>
            _store.Update(config =>
            {
                config.Rules.Add(new NotificationRule { BackupName = backupName, Mode = mode, To = to, Template = "Plain" });
                return 0;
            });

        [Theory]
        [InlineData(NotificationMode.Never, BackupStatus.Success, false)]
        [InlineData(NotificationMode.Never, BackupStatus.Failure, false)]
        [InlineData(NotificationMode.Always, BackupStatus.Success, true)]
        [InlineData(NotificationMode.Always, BackupStatus.Warning, true)]
        [InlineData(NotificationMode.OnFailure, BackupStatus.Warning, false)]
        [InlineData(NotificationMode.OnFailure, BackupStatus.Failure, true)]
        [InlineData(NotificationMode.OnWarning, BackupStatus.Success, false)]
        [InlineData(NotificationMode.OnWarning, BackupStatus.Warning, true)]
        [InlineData(NotificationMode.OnWarning, BackupStatus.Failure, true)]
        public void The_rule_mode_decides_between_sent_and_skipped(NotificationMode mode, BackupStatus status, bool sends)
        {
            AddRule("Nightly", mode, "admin@example.com");

            var result = TestDeadline.Run(() => _service.Send(new NotificationRequest { BackupName = "Nightly", Status = status }));

            Assert.Equal("Nightly", result.BackupName);
            Assert.Equal(status, result.Status);
            Assert.Equal(sends ? DeliveryAction.Sent : DeliveryAction.Skipped, result.Action);
            Assert.Equal(sends ? 1 : 0, _server.Messages.Count);
            if (sends)
            {
                Assert.Equal("[Nightly] " + status + " exit=", _server.Messages[0].Message.Subject);
                Assert.Equal(new[] { "admin@example.com" }, _server.Messages[0].EnvelopeTo);
            }
            else
            {
                Assert.Contains(mode.ToString(), result.Reason);
            }
        }

        [Theory]
        [InlineData(BackupTool.Robocopy, 1, BackupStatus.Success)]
        [InlineData(BackupTool.Robocopy, 8, BackupStatus.Failure)]
        [InlineData(BackupTool.Rsync, 24, BackupStatus.Warning)]
        public void A_run_whose_notification_cannot_be_prepared_still_gets_its_status_and_the_reason(BackupTool tool, int exitCode, BackupStatus expected)
        {
            var request = new NotificationRequest { BackupName = "Nightly", Tool = tool, ExitCode = exitCode, Account = "Nowhere", To = new[] { "admin@example.com" } };
            var error = Assert.Throws<BackupMailException>(() => _service.Prepare(request));

            var result = NotificationService.Failed(request, error);

            Assert.Equal("AccountNotFound", error.ErrorId);
            Assert.Equal("Nightly", result.BackupName);
            Assert.Equal(expected, result.Status);
            Assert.Equal(DeliveryAction.Failed, result.Action);
            Assert.Equal(error.Message, result.Reason);
            Assert.Empty(_server.Messages);
        }

        [Fact]
        public void Call_parameters_override_the_rule()
        {
            AddRule("Nightly", NotificationMode.Never, "admin@example.com");

            var result = TestDeadline.Run(() => _service.Send(new NotificationRequest
            {
                BackupName = "Nightly",
                Status = BackupStatus.Success,
                Mode = NotificationMode.Always,
                To = new[] { "one@example.com; two@example.com" },
            }));

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Equal(new[] { "one@example.com", "two@example.com" }, _server.Messages.Single().EnvelopeTo);
        }

        [Fact]
        public void Without_rule_and_without_recipients_it_is_NoRecipients()
        {
            var error = Assert.Throws<BackupMailException>(() =>
                _service.Prepare(new NotificationRequest { BackupName = "Unknown", Status = BackupStatus.Failure }));

            Assert.Equal("NoRecipients", error.ErrorId);
            Assert.Equal("Unknown", error.Target);
            Assert.Contains("-To", error.Message);
            Assert.Contains("Set-BackupNotificationRule", error.Message);
            Assert.Empty(_server.Messages);
        }

        [Fact]
        public void The_error_speaks_German_under_de_DE()
        {
            var previous = CultureInfo.CurrentUICulture;
            try
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
                var error = Assert.Throws<BackupMailException>(() =>
                    _service.Prepare(new NotificationRequest { BackupName = "Nachtsicherung", Status = BackupStatus.Failure }));
                Assert.Equal("NoRecipients", error.ErrorId);
                Assert.StartsWith("Niemand ist über das Backup 'Nachtsicherung' zu benachrichtigen", error.Message);
                Assert.Contains("Set-BackupNotificationRule -BackupName 'Nachtsicherung'", error.Message);
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }

        [Fact]
        public void The_decision_is_reported_on_the_verbose_stream()
        {
            AddRule("Nightly", NotificationMode.OnFailure, "admin@example.com");
            _service.Prepare(new NotificationRequest { BackupName = "Nightly", Status = BackupStatus.Warning });
            Assert.Contains(_output.Verbose, line => line.Contains("Nightly") && line.Contains("OnFailure") && line.Contains("Warning"));
        }

        [Fact]
        public void Without_status_or_exit_code_it_is_StatusRequired()
        {
            var error = Assert.Throws<BackupMailException>(() =>
                _service.Prepare(new NotificationRequest { BackupName = "Nightly", To = new[] { "admin@example.com" } }));
            Assert.Equal("StatusRequired", error.ErrorId);
        }

        [Theory]
        [InlineData(BackupTool.Robocopy, 3, BackupStatus.Success)]
        [InlineData(BackupTool.Robocopy, 4, BackupStatus.Warning)]
        [InlineData(BackupTool.Robocopy, 8, BackupStatus.Failure)]
        [InlineData(BackupTool.Rsync, 24, BackupStatus.Warning)]
        [InlineData(BackupTool.Restic, 3, BackupStatus.Warning)]
        [InlineData(BackupTool.Generic, 3, BackupStatus.Failure)]
        public void The_status_comes_from_the_exit_code_read_through_the_tool(BackupTool tool, int exitCode, BackupStatus expected)
        {
            var result = TestDeadline.Run(() => _service.Send(new NotificationRequest
            {
                BackupName = "Nightly",
                ExitCode = exitCode,
                Tool = tool,
                To = new[] { "admin@example.com" },
                Template = "Plain",
            }));

            Assert.Equal(expected, result.Status);
            Assert.Equal(exitCode, result.ExitCode);
            Assert.Equal("[Nightly] " + expected + " exit=" + exitCode, _server.Messages.Single().Message.Subject);
        }

        [Fact]
        public void Prepare_renders_and_sends_nothing()
        {
            var prepared = _service.Prepare(new NotificationRequest
            {
                BackupName = "Nightly",
                Status = BackupStatus.Failure,
                To = new[] { "admin@example.com", "ops@example.com" },
                Template = "Plain",
                Source = @"C:\Data",
            });

            Assert.Equal(NotificationDecision.Send, prepared.Decision);
            Assert.Equal("[Nightly] Failure exit=", prepared.Subject);
            Assert.Equal(new[] { "admin@example.com", "ops@example.com" }, prepared.To);
            Assert.Equal("Default", prepared.Account);
            Assert.Empty(_server.Messages);

            var result = TestDeadline.Run(() => _service.Deliver(prepared));
            Assert.Equal(DeliveryAction.Sent, result.Action);
            var body = _server.Messages.Single().Message.TextBody;
            Assert.Contains(@"From=C:\Data", body);
        }

        [Fact]
        public void A_skipped_notification_opens_no_connection_even_for_a_missing_account()
        {
            // Never needs neither recipients nor an account: nothing is looked up or connected.
            var prepared = _service.Prepare(new NotificationRequest
            {
                BackupName = "Nightly",
                Status = BackupStatus.Failure,
                Mode = NotificationMode.Never,
                Account = "DoesNotExist",
            });
            var result = _service.Deliver(prepared);

            Assert.Equal(DeliveryAction.Skipped, result.Action);
            Assert.Null(prepared.Subject);
            Assert.Empty(_server.Messages);
        }

        [Fact]
        public void Several_notifications_go_through_one_dispatcher()
        {
            TestDeadline.Run(() =>
            {
                foreach (var name in new[] { "A", "B", "C" })
                {
                    _service.Send(new NotificationRequest { BackupName = name, Status = BackupStatus.Success, To = new[] { "admin@example.com" }, Template = "Plain" });
                }
            });

            Assert.Equal(new[] { "[A] Success exit=", "[B] Success exit=", "[C] Success exit=" }, _server.Messages.Select(m => m.Message.Subject));
        }

        [Fact]
        public void An_html_template_encodes_the_values()
        {
            _store.Update(config =>
            {
                config.Templates.Add(new MailTemplate { Name = "Html", Subject = "##BackupName##", Body = "<p>##ErrorMessage##</p>", BodyFormat = BodyFormat.Html });
                return 0;
            });

            TestDeadline.Run(() => _service.Send(new NotificationRequest
            {
                BackupName = "Nightly",
                Status = BackupStatus.Failure,
                To = new[] { "admin@example.com" },
                Template = "Html",
                ErrorMessage = "<script>alert(1)</script>",
            }));

            var html = _server.Messages.Single().Message.HtmlBody;
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.DoesNotContain("<script>", html);
        }

        [Fact]
        public void A_missing_log_costs_only_its_figures()
        {
            var missing = Path.Combine(_directory, "missing.log");
            var result = TestDeadline.Run(() => _service.Send(new NotificationRequest
            {
                BackupName = "Nightly",
                Status = BackupStatus.Success,
                To = new[] { "admin@example.com" },
                Template = "Plain",
                LogPath = missing,
            }));

            Assert.Equal(DeliveryAction.Sent, result.Action);
            Assert.Contains(_output.Warnings, w => w.Contains(missing));
        }
    }
}
