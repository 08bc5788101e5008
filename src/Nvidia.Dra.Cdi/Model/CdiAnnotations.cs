using System.Collections;
using System.Collections.Immutable;

namespace Nvidia.Dra.Cdi;

/// <summary>
/// CDI annotations (key to value) with value equality. Keys are kept in ordinal order, which is also the order in
/// which they are written (as the reference library does).
/// </summary>
public sealed class CdiAnnotations : IReadOnlyDictionary<string, string>, IEquatable<CdiAnnotations>
{
    private readonly ImmutableSortedDictionary<string, string> _items;

    private CdiAnnotations(ImmutableSortedDictionary<string, string> items)
    {
        _items = items;
    }

    /// <summary>Gets an empty set of annotations.</summary>
    public static CdiAnnotations Empty { get; } = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal));

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _items.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _items.Values;

    /// <inheritdoc />
    public string this[string key] => _items[key];

    /// <summary>Creates annotations from key/value pairs; a later duplicate key replaces an earlier one.</summary>
    /// <param name="items">The pairs.</param>
    /// <returns>The annotations.</returns>
    public static CdiAnnotations From(IEnumerable<KeyValuePair<string, string>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            ArgumentNullException.ThrowIfNull(key);
            builder[key] = value ?? string.Empty;
        }

        return builder.Count == 0 ? Empty : new CdiAnnotations(builder.ToImmutable());
    }

    /// <summary>Returns a copy with one annotation added or replaced.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new annotations.</returns>
    public CdiAnnotations With(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return new CdiAnnotations(_items.SetItem(key, value));
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out string value) => _items.TryGetValue(key, out value!);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(CdiAnnotations? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        foreach (var (key, value) in _items)
        {
            if (!other.TryGetValue(key, out var otherValue) || !string.Equals(value, otherValue, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CdiAnnotations);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _items)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", _items.Select(p => $"{p.Key}={p.Value}")) + "}";
}
