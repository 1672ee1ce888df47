using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Resources;

namespace BackupMail.Resources
{
    /// <summary>
    /// One .resx file's texts (the neutral English one and its de-DE satellite), looked up in the current UI
    /// culture. Each XxxStrings class is a thin, named facade over one of these.
    /// </summary>
    internal sealed class ResourceText
    {
        private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
        private readonly ResourceManager _manager;

        // ResourceManager walks the culture fallback chain under a lock on every look-up (about 1 us); a pipeline
        // of notifications asks for the same dozen texts for every item. Resources do not change while loaded.
        // Keyed by culture, then name: string-keyed dictionaries come precompiled with .NET, while a tuple key
        // would be compiled in every fresh process.
        private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _cache =
            new ConcurrentDictionary<string, ConcurrentDictionary<string, string>>();

        internal ResourceText(string baseName, Assembly assembly) => _manager = new ResourceManager(baseName, assembly);

        /// <summary>The text called <paramref name="name"/>; the name itself when the resource is missing.</summary>
        internal string Get(string name, CultureInfo? culture = null)
        {
            var resolved = Resolve(culture ?? CultureInfo.CurrentUICulture);
            if (!_cache.TryGetValue(resolved.Name, out var texts))
            {
                texts = _cache.GetOrAdd(resolved.Name, _ => new ConcurrentDictionary<string, string>());
            }

            if (!texts.TryGetValue(name, out var text))
            {
                text = _manager.GetString(name, resolved) ?? name;
                texts[name] = text;
            }

            return text;
        }

        /// <summary>The text called <paramref name="name"/> in the current UI culture, formatted with <paramref name="args"/>.</summary>
        internal string Format(string name, params object?[] args) => FormatIn(null, name, args);

        /// <summary>The text called <paramref name="name"/> in <paramref name="culture"/>, formatted with <paramref name="args"/>.</summary>
        internal string FormatIn(CultureInfo? culture, string name, params object?[] args)
        {
            culture = culture ?? CultureInfo.CurrentUICulture;
            var text = Get(name, culture);
            return args == null || args.Length == 0 ? text : string.Format(culture, text, args);
        }

        // de-DE is the one German translation: de-AT, de-CH and plain de read it too.
        private static CultureInfo Resolve(CultureInfo culture) =>
            culture.TwoLetterISOLanguageName == "de" && culture.Name != German.Name ? German : culture;
    }
}
