using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace BackupMail
{
    /// <summary>
    /// E-mail addresses (the recipients of a rule, a queued item or a result): a list of strings that reads as one line,
    /// <c>alice@example.com, bob@example.org</c>, wherever it is turned into text (<c>Export-Csv</c>, <c>ToString()</c>),
    /// and as a JSON array in <c>ConvertTo-Json</c>. Converts to and from <c>string[]</c> implicitly.
    /// </summary>
    public sealed class RecipientList : Collection<string>
    {
        /// <summary>An empty list.</summary>
        public RecipientList()
        {
        }

        /// <summary>A list of <paramref name="addresses"/> (none when null).</summary>
        /// <param name="addresses">The addresses, in order.</param>
        public RecipientList(IEnumerable<string>? addresses)
            : base(addresses == null ? new List<string>() : addresses.ToList())
        {
        }

        /// <summary>How many addresses the list holds (as an array's Length).</summary>
        public int Length => Count;

        /// <summary>The addresses as an array.</summary>
        public string[] ToArray() => this.ToList().ToArray();

        /// <summary>The addresses separated by a comma and a space.</summary>
        public override string ToString() => string.Join(", ", this);

        /// <summary>The list of the addresses in <paramref name="addresses"/> (empty when null).</summary>
        /// <param name="addresses">The addresses.</param>
        public static implicit operator RecipientList(string[]? addresses) => new RecipientList(addresses);

        /// <summary>The addresses of <paramref name="list"/> as an array (empty when null).</summary>
        /// <param name="list">The list.</param>
        public static implicit operator string[](RecipientList? list) => list == null ? new string[0] : list.ToArray();
    }
}
