using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace BackupMail
{
    /// <summary>
    /// Lines of text (e.g. where an account's secrets live) that read as one line, separated by "; ", wherever they are
    /// turned into text (<c>Export-Csv</c>, <c>ToString()</c>), and as a JSON array in <c>ConvertTo-Json</c>. Converts to
    /// and from <c>string[]</c> implicitly.
    /// </summary>
    public sealed class TextList : Collection<string>
    {
        /// <summary>An empty list.</summary>
        public TextList()
        {
        }

        /// <summary>A list of <paramref name="items"/> (none when null).</summary>
        /// <param name="items">The items, in order.</param>
        public TextList(IEnumerable<string> items)
            : base(items == null ? new List<string>() : items.ToList())
        {
        }

        /// <summary>How many items the list holds (as an array's Length).</summary>
        public int Length => Count;

        /// <summary>The items as an array.</summary>
        public string[] ToArray() => this.ToList().ToArray();

        /// <summary>The items separated by a semicolon and a space.</summary>
        public override string ToString() => string.Join("; ", this);

        /// <summary>The list of the items in <paramref name="items"/> (empty when null).</summary>
        /// <param name="items">The items.</param>
        public static implicit operator TextList(string[] items) => new TextList(items);

        /// <summary>The items of <paramref name="list"/> as an array (empty when null).</summary>
        /// <param name="list">The list.</param>
        public static implicit operator string[](TextList list) => list == null ? new string[0] : list.ToArray();
    }
}
