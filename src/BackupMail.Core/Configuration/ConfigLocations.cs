using System;
using System.Collections.Generic;

namespace BackupMail.Configuration
{
    /// <summary>
    /// Where each value of <c>config.json</c> stood: its JSON path as written (<c>$.accounts[0].port</c>) and its
    /// line and position, looked up by the path in lower case, so that a refused value can be found in an editor.
    /// </summary>
    internal sealed class ConfigLocations
    {
        private readonly byte[] _utf8;

        // Keyed by string with a class as value: such dictionaries share precompiled code, which a value-type
        // value would not (the file is read by every short-lived process).
        private readonly Dictionary<string, ConfigLocation> _byPath = new Dictionary<string, ConfigLocation>(StringComparer.Ordinal);

        public ConfigLocations(byte[] utf8)
        {
            _utf8 = utf8 ?? Array.Empty<byte>();
        }

        /// <summary>Records the value that starts at <paramref name="index"/>; a later duplicate replaces it, as it does the value.</summary>
        public void Record(List<string> path, long index)
        {
            var written = string.Concat(path);
            _byPath[written.ToLowerInvariant()] = new ConfigLocation(written, index);
        }

        /// <summary>
        /// The location of <paramref name="path"/> (lower case, e.g. <c>$.accounts[0].port</c>); for a value that is
        /// missing, that of the nearest enclosing one that is there; null when not even that (an empty file).
        /// </summary>
        public ConfigLocation? Find(string? path)
        {
            while (!Strings.IsNullOrEmpty(path))
            {
                if (_byPath.TryGetValue(path, out var location))
                {
                    return location;
                }

                var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
                path = cut > 0 ? path.Substring(0, cut) : null;
            }

            return null;
        }

        /// <summary>The one-based line and position of a byte index, as editors count them.</summary>
        public void LineAndPosition(long index, out long line, out long position)
        {
            line = 1;
            long lineStart = 0;
            for (long i = 0; i < index && i < _utf8.Length; i++)
            {
                if (_utf8[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            position = index - lineStart + 1;
        }
    }

    /// <summary>One recorded value: its path as written in the file and the byte index where it starts.</summary>
    internal sealed class ConfigLocation
    {
        public ConfigLocation(string path, long index)
        {
            Path = path;
            Index = index;
        }

        public string Path { get; }

        public long Index { get; }
    }
}
