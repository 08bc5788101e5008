namespace Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

/// <summary>
/// The decoder's dynamic table (RFC 7541 §2.3.2, §4): newest entry first, evicted from the oldest end when the
/// size would exceed the maximum.
/// </summary>
internal sealed class HpackDynamicTable
{
    // Oldest first; the newest entry (dynamic index 0, HPACK index 62) is the last element. At most 4096 / 32 = 128
    // entries under the default size, so RemoveAt(0) is cheap enough.
    private readonly List<HeaderField> entries = [];

    public HpackDynamicTable(int maxSize)
    {
        MaxSize = maxSize;
    }

    /// <summary>Gets the number of entries.</summary>
    public int Count => entries.Count;

    /// <summary>Gets the current size (sum of entry sizes).</summary>
    public int Size { get; private set; }

    /// <summary>Gets the maximum size the encoder last set (at most the SETTINGS_HEADER_TABLE_SIZE we advertised).</summary>
    public int MaxSize { get; private set; }

    /// <summary>Gets the entry at a 0-based dynamic index (0 = newest).</summary>
    public HeaderField this[int index] => entries[entries.Count - 1 - index];

    /// <summary>Adds an entry, evicting old ones; an entry larger than the maximum empties the table (RFC 7541 §4.4).</summary>
    public void Add(HeaderField field)
    {
        var size = field.Size;
        EvictUntilFits(MaxSize - size);
        if (size <= MaxSize)
        {
            entries.Add(field);
            Size += size;
        }
    }

    /// <summary>Applies a dynamic table size update (RFC 7541 §4.3).</summary>
    public void Resize(int maxSize)
    {
        MaxSize = maxSize;
        EvictUntilFits(maxSize);
    }

    private void EvictUntilFits(int budget)
    {
        var evict = 0;
        while (Size > Math.Max(budget, 0) && evict < entries.Count)
        {
            Size -= entries[evict].Size;
            evict++;
        }

        entries.RemoveRange(0, evict);
    }
}
