namespace ReOptIn.Core.Importing;

/// <summary>
/// The addresses already seen in one import file, by their half hashes (<see cref="Hash16"/>): an
/// open-addressing table that holds the 16 bytes themselves in one array, probed linearly.
/// </summary>
/// <remarks>
/// A <c>HashSet&lt;Hash16&gt;</c> reads a bucket and then an entry in another array: two cache misses per
/// row over tens of megabytes, a third of the reading stage's time at a million rows
/// (docs/performance.md, "Sixth pass (SQLite)"). Here a lookup reads one slot, and its neighbours are in
/// the same cache line. The table doubles at 70% full: 32 MB at a million addresses. A hash's slot is given
/// by its top bits, so doubling sends slot i to 2i or 2i + 1: growing reads the old table and writes the new
/// one in the same order (a hash's own low bits would scatter the writes, a cache miss per address).
/// </remarks>
internal sealed class SeenAddresses
{
    private Hash16[] _slots = new Hash16[1 << 16];
    private int _shift = 64 - 16; // 64 minus log2 of the table's size
    private int _count;
    private bool _zeroSeen; // the all-zero hash marks an empty slot, so it is kept aside

    /// <summary>Adds the address; false when it was there already (a duplicate in the file).</summary>
    public bool Add(Hash16 hash)
    {
        if (hash == default)
        {
            var first = !_zeroSeen;
            _zeroSeen = true;
            return first;
        }
        if (_count >= _slots.Length / 10 * 7) Grow();
        if (!Insert(_slots, _shift, hash)) return false;
        _count++;
        return true;
    }

    public int Count => _count + (_zeroSeen ? 1 : 0);

    private static bool Insert(Hash16[] slots, int shift, Hash16 hash)
    {
        var mask = slots.Length - 1;
        // The bits are uniformly random already: the top ones make a good index as they are.
        for (var i = (int)(hash.A >> shift); ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot == default)
            {
                slot = hash;
                return true;
            }
            if (slot == hash) return false;
        }
    }

    private void Grow()
    {
        var larger = new Hash16[_slots.Length * 2];
        foreach (var hash in _slots)
            if (hash != default) Insert(larger, _shift - 1, hash);
        _slots = larger;
        _shift--;
    }
}
