#nullable enable
using System;
using System.Text;

namespace BackupMail.History
{
    /// <summary>
    /// Turns short UTF-8 byte runs into strings, handing out the same string for the same bytes: a journal repeats a
    /// few backup names, computers, users and paths on every line, so reading 100,000 runs makes a handful of strings
    /// instead of half a million. A small direct-mapped table; a collision just decodes again.
    /// </summary>
    internal sealed class Utf8StringCache
    {
        private const int Slots = 512; // a power of two
        private const int MaxCachedLength = 256;
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        private readonly byte[]?[] _keys = new byte[Slots][];
        private readonly string?[] _values = new string[Slots];

        /// <summary>The string that <paramref name="count"/> bytes of <paramref name="buffer"/> at <paramref name="offset"/> encode.</summary>
        internal string Get(byte[] buffer, int offset, int count)
        {
            if (count > MaxCachedLength) return Utf8.GetString(buffer, offset, count);

            var hash = 2166136261u; // FNV-1a
            for (var i = offset; i < offset + count; i++)
            {
                hash = (hash ^ buffer[i]) * 16777619u;
            }

            var slot = (int)(hash & (Slots - 1));
            var key = _keys[slot];
            if (key != null && key.Length == count && Same(key, buffer, offset))
            {
                return _values[slot]!;
            }

            var value = Utf8.GetString(buffer, offset, count);
            var copy = new byte[count];
            Buffer.BlockCopy(buffer, offset, copy, 0, count);
            _keys[slot] = copy;
            _values[slot] = value;
            return value;
        }

        private static bool Same(byte[] key, byte[] buffer, int offset)
        {
            for (var i = 0; i < key.Length; i++)
            {
                if (key[i] != buffer[offset + i]) return false;
            }

            return true;
        }
    }
}
