using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Nvidia.Dra.Cdi;

/// <summary>
/// An immutable list with value equality, so that the spec records compare by content.
/// The default value is an empty list.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly ImmutableArray<T> _items;

    /// <summary>Creates a list over the given items.</summary>
    /// <param name="items">The items; a default array is treated as empty.</param>
    public EquatableArray(ImmutableArray<T> items)
    {
        _items = items.IsDefault ? [] : items;
    }

    /// <summary>Gets an empty list.</summary>
    public static EquatableArray<T> Empty => default;

    /// <summary>Gets the items as an immutable array.</summary>
    public ImmutableArray<T> Items => _items.IsDefault ? [] : _items;

    /// <inheritdoc />
    public int Count => Items.Length;

    /// <summary>Gets whether the list has no items.</summary>
    public bool IsEmpty => Count == 0;

    /// <inheritdoc />
    public T this[int index] => Items[index];

    /// <summary>Converts an immutable array.</summary>
    /// <param name="items">The items.</param>
    public static implicit operator EquatableArray<T>(ImmutableArray<T> items) => new(items);

    /// <summary>Converts an array.</summary>
    /// <param name="items">The items.</param>
    public static implicit operator EquatableArray<T>(T[]? items) => new(items is null ? [] : [.. items]);

    /// <summary>Compares two lists by content.</summary>
    /// <param name="left">The first list.</param>
    /// <param name="right">The second list.</param>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Compares two lists by content.</summary>
    /// <param name="left">The first list.</param>
    /// <param name="right">The second list.</param>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>Creates a list from an immutable array (for callers that cannot use the implicit conversion).</summary>
    /// <param name="items">The items.</param>
    /// <returns>The list.</returns>
    public static EquatableArray<T> FromImmutableArray(ImmutableArray<T> items) => new(items);

    /// <summary>Creates a list from an array (for callers that cannot use the implicit conversion).</summary>
    /// <param name="items">The items.</param>
    /// <returns>The list.</returns>
    public static EquatableArray<T> FromArray(T[]? items) => items;

    /// <inheritdoc />
    public bool Equals(EquatableArray<T> other) => Items.AsSpan().SequenceEqual(other.Items.AsSpan(), EqualityComparer<T>.Default);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns an enumerator over the items.</summary>
    /// <returns>The enumerator.</returns>
    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(", ", Items)}]";
}

/// <summary>Builds <see cref="EquatableArray{T}"/> values (collection expressions use it).</summary>
public static class EquatableArray
{
    /// <summary>Creates a list from the given items.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The items.</param>
    /// <returns>The list.</returns>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new([.. items]);
}
