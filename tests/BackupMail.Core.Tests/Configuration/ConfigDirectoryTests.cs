using System;
using System.Collections.Generic;
using System.IO;
using BackupMail.Configuration;
using Xunit;

namespace BackupMail.Tests.Configuration
{
    public class ConfigDirectoryTests
    {
        private static Func<string, string> Env(params (string Name, string Value)[] variables)
        {
            var map = new Dictionary<string, string>();
            foreach (var (name, value) in variables)
            {
                map[name] = value;
            }

            return name => map.TryGetValue(name, out var value) ? value : null;
        }

        [Fact]
        public void The_environment_variable_wins_everywhere()
        {
            var dir = Path.Combine(Path.GetTempPath(), "bm-explicit");
            var env = Env(("BACKUPMAIL_CONFIG_DIR", dir), ("APPDATA", "/appdata"), ("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/u"));

            Assert.Equal(Path.GetFullPath(dir), ConfigDirectory.Resolve(env, isWindows: false));
            Assert.Equal(Path.GetFullPath(dir), ConfigDirectory.Resolve(env, isWindows: true));
        }

        [Fact]
        public void A_relative_override_becomes_a_full_path()
        {
            var resolved = ConfigDirectory.Resolve(Env(("BACKUPMAIL_CONFIG_DIR", "relative-config")), isWindows: false);

            Assert.True(Path.IsPathRooted(resolved));
            Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "relative-config"), resolved);
        }

        [Fact]
        public void A_blank_override_is_ignored()
        {
            var resolved = ConfigDirectory.Resolve(Env(("BACKUPMAIL_CONFIG_DIR", "  "), ("XDG_CONFIG_HOME", "/xdg")), isWindows: false);

            Assert.Equal(Path.GetFullPath("/xdg/BackupMail"), resolved);
        }

        [Fact]
        public void Windows_uses_APPDATA()
        {
            var resolved = ConfigDirectory.Resolve(Env(("APPDATA", "/users/u/AppData/Roaming"), ("XDG_CONFIG_HOME", "/xdg")), isWindows: true);

            Assert.Equal(Path.GetFullPath(Path.Combine("/users/u/AppData/Roaming", "BackupMail")), resolved);
        }

        [Fact]
        public void Unix_uses_XDG_CONFIG_HOME_then_HOME_dot_config()
        {
            Assert.Equal(
                Path.GetFullPath("/xdg/BackupMail"),
                ConfigDirectory.Resolve(Env(("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/u")), isWindows: false));
            Assert.Equal(
                Path.GetFullPath("/home/u/.config/BackupMail"),
                ConfigDirectory.Resolve(Env(("HOME", "/home/u")), isWindows: false));
        }

        [Fact]
        public void A_relative_XDG_CONFIG_HOME_is_ignored_as_the_spec_says()
        {
            Assert.Equal(
                Path.GetFullPath("/home/u/.config/BackupMail"),
                ConfigDirectory.Resolve(Env(("XDG_CONFIG_HOME", "relative/xdg"), ("HOME", "/home/u")), isWindows: false));
        }

        [Fact]
        public void A_tilde_in_the_override_means_home()
        {
            Assert.Equal(
                Path.GetFullPath("/home/u/bm"),
                ConfigDirectory.Resolve(Env(("BACKUPMAIL_CONFIG_DIR", "~/bm"), ("HOME", "/home/u")), isWindows: false));
        }
    }
}
