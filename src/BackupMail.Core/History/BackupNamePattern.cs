#nullable enable
using System;

namespace BackupMail.History
{
    /// <summary>
    /// A backup name pattern as <c>-BackupName</c> takes it: <c>*</c> any run of characters, <c>?</c> one character,
    /// everything else literal, compared case-insensitively (ordinal, as rule names are).
    /// </summary>
    public sealed class BackupNamePattern
    {
        private readonly string _pattern;
        private readonly bool _literal;

        /// <summary>A pattern from <paramref name="pattern"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
        public BackupNamePattern(string pattern)
        {
            _pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
            _literal = pattern.IndexOfAny(new[] { '*', '?' }) < 0;
        }

        /// <summary>True when <paramref name="name"/> matches the whole pattern.</summary>
        public bool IsMatch(string name)
        {
            if (name == null) return false;
            return _literal ? string.Equals(name, _pattern, StringComparison.OrdinalIgnoreCase) : Match(name);
        }

        /// <summary>The pattern as given.</summary>
        public override string ToString() => _pattern;

        // Iterative glob matching with one backtrack point for the last '*': linear in practice, never exponential.
        private bool Match(string name)
        {
            int p = 0, n = 0, star = -1, resume = 0;
            while (n < name.Length)
            {
                if (p < _pattern.Length && _pattern[p] == '*')
                {
                    star = p++;
                    resume = n;
                }
                else if (p < _pattern.Length && (_pattern[p] == '?' || Same(_pattern[p], name[n])))
                {
                    p++;
                    n++;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    n = ++resume;
                }
                else
                {
                    return false;
                }
            }

            while (p < _pattern.Length && _pattern[p] == '*') p++;
            return p == _pattern.Length;
        }

        private static bool Same(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
    }
}
