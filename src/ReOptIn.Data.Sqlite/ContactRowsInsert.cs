using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ReOptIn.Core.Importing;
using SQLitePCL;

namespace ReOptIn.Data.Sqlite;

/// <summary>
/// Inserts one address-sorted batch into <c>Contacts</c> and <c>Memberships</c>, <see cref="RowsPerStep"/>
/// rows per statement (one multi-row <c>VALUES</c> each; the remainder through statements of its own size).
/// </summary>
/// <remarks>
/// New contacts get their ids from here (one more than the largest the table has had, read inside the
/// write transaction), so that the memberships of a chunk whose contacts were all new need no lookup;
/// a chunk in which some address existed already (<c>ON CONFLICT DO NOTHING</c> inserted fewer rows) looks
/// each of its contacts up by address instead. Text is bound as UTF-8 from one native buffer that SQLite
/// reads in place (SQLITE_STATIC): no copy or conversion inside SQLite, no SafeHandle calls per value.
/// </remarks>
internal sealed unsafe class ContactRowsInsert : IDisposable
{
    public const int RowsPerStep = 32;
    private const int ContactValues = 11; // per row: Id, Email, …, Jurisdiction (CreatedAt is ?1 for all rows)
    private const int MembershipValues = 4; // per row: ContactId, Source, LastMailedAt, ConsentAt (?1–?3 for all rows)

    private const string NextContactId = """
        SELECT max(coalesce((SELECT max("Id") FROM "Contacts"), 0), coalesce((SELECT "seq" FROM sqlite_sequence WHERE "name" = 'Contacts'), 0)) + 1
        """;

    private const string FindContact = """SELECT "Id" FROM "Contacts" WHERE "NormalizedEmail" = ?1""";

    private readonly sqlite3 _db;
    private readonly NativeStatement _contacts, _memberships, _find;
    private readonly NativeStatement? _contactsTail, _membershipsTail;
    private readonly long[] _ids = new long[RowsPerStep];
    private const int BlockSize = 64 * 1024;
    private readonly List<(IntPtr Start, int Size)> _blocks = [];
    private int _block;
    private byte* _text;
    private int _capacity, _used;

    public ContactRowsInsert(sqlite3 db, int rows, int listId, long jobId, DateTime now)
    {
        _db = db;
        var created = SqliteTimeText.Of(now);
        _contacts = Contacts(db, RowsPerStep, created);
        _memberships = Memberships(db, RowsPerStep, listId, jobId, created);
        if (rows % RowsPerStep != 0)
        {
            _contactsTail = Contacts(db, rows % RowsPerStep, created);
            _membershipsTail = Memberships(db, rows % RowsPerStep, listId, jobId, created);
        }
        _find = new NativeStatement(db, FindContact);
        _blocks.Add(((IntPtr)NativeMemory.Alloc(BlockSize), BlockSize));
    }

    public void Write(ImportedContact[] sorted, CancellationToken ct)
    {
        long nextId;
        using (var next = new NativeStatement(_db, NextContactId)) nextId = next.RunScalarInt64();
        for (var start = 0; start < sorted.Length; start += RowsPerStep)
        {
            if (start % 1024 == 0) ct.ThrowIfCancellationRequested();
            var chunk = sorted.AsSpan(start, Math.Min(RowsPerStep, sorted.Length - start));
            var full = chunk.Length == RowsPerStep;
            var contacts = full ? _contacts : _contactsTail!;
            var memberships = full ? _memberships : _membershipsTail!;
            Rewind();
            for (var r = 0; r < chunk.Length; r++)
                BindContact(contacts, 2 + r * ContactValues, chunk[r], nextId + r);
            contacts.Run();
            if (raw.sqlite3_changes(_db) == chunk.Length)
                for (var r = 0; r < chunk.Length; r++) _ids[r] = nextId + r;
            else
                for (var r = 0; r < chunk.Length; r++)
                {
                    _find.BindText(1, chunk[r].NormalizedEmail);
                    _ids[r] = _find.RunScalarInt64();
                }
            nextId += chunk.Length;
            for (var r = 0; r < chunk.Length; r++)
                BindMembership(memberships, 4 + r * MembershipValues, chunk[r], _ids[r]);
            memberships.Run();
        }
    }

    private void BindContact(NativeStatement s, int at, ImportedContact c, long id)
    {
        s.Check(SqliteNative.BindInt64(s.Pointer, at, id));
        var email = BindText(s, at + 1, c.Email);
        // The address usually is its normalised form already: the same bytes, bound twice.
        if (string.Equals(c.Email, c.NormalizedEmail, StringComparison.Ordinal))
            s.Check(SqliteNative.BindText(s.Pointer, at + 2, (byte*)email.Text, email.Length, SqliteNative.Static));
        else BindText(s, at + 2, c.NormalizedEmail);
        var hash = Room(c.AddressHash.Length);
        c.AddressHash.CopyTo(new Span<byte>(hash, c.AddressHash.Length));
        _used += c.AddressHash.Length;
        s.Check(SqliteNative.BindBlob(s.Pointer, at + 3, hash, c.AddressHash.Length, SqliteNative.Static));
        BindText(s, at + 4, c.FirstName);
        BindText(s, at + 5, c.LastName);
        BindText(s, at + 6, c.Country);
        BindText(s, at + 7, c.Language);
        BindText(s, at + 8, c.CustomAttributesJson);
        s.Check(SqliteNative.BindInt64(s.Pointer, at + 9, c.Flags));
        BindText(s, at + 10, c.Jurisdiction);
    }

    private void BindMembership(NativeStatement s, int at, ImportedContact c, long contactId)
    {
        s.Check(SqliteNative.BindInt64(s.Pointer, at, contactId));
        BindText(s, at + 1, c.Source);
        BindTime(s, at + 2, c.LastMailedAt);
        BindTime(s, at + 3, c.ConsentAt);
    }

    private (IntPtr Text, int Length) BindText(NativeStatement s, int index, string? value)
    {
        if (value is null)
        {
            s.Check(SqliteNative.BindNull(s.Pointer, index));
            return (IntPtr.Zero, 0);
        }
        var text = Room(value.Length * 3); // never a null pointer, so "" stays an empty text, not NULL
        var length = Encoding.UTF8.GetBytes(value, new Span<byte>(text, _capacity - _used));
        _used += length;
        s.Check(SqliteNative.BindText(s.Pointer, index, text, length, SqliteNative.Static));
        return ((IntPtr)text, length);
    }

    private void BindTime(NativeStatement s, int index, DateTime? utc)
    {
        if (utc is null)
        {
            s.Check(SqliteNative.BindNull(s.Pointer, index));
            return;
        }
        var text = Room(SqliteTimeText.MaxLength);
        var length = SqliteTimeText.WriteUtf8(utc.Value, new Span<byte>(text, _capacity - _used));
        _used += length;
        s.Check(SqliteNative.BindText(s.Pointer, index, text, length, SqliteNative.Static));
    }

    /// <summary>
    /// A place for <paramref name="bytes"/> more bytes. The buffer never moves while a chunk is bound (the
    /// chunk's bindings point into it): when it is full, the chunk goes on in the next block.
    /// </summary>
    private byte* Room(int bytes)
    {
        if (_capacity - _used >= bytes) return _text + _used;
        if (++_block == _blocks.Count) _blocks.Add(((IntPtr)NativeMemory.Alloc((nuint)Math.Max(bytes, BlockSize)), Math.Max(bytes, BlockSize)));
        else if (_blocks[_block].Size < bytes)
        {
            NativeMemory.Free((void*)_blocks[_block].Start);
            _blocks[_block] = ((IntPtr)NativeMemory.Alloc((nuint)bytes), bytes);
        }
        _text = (byte*)_blocks[_block].Start;
        (_capacity, _used) = (_blocks[_block].Size, 0);
        return _text;
    }

    /// <summary>Back to the start of the first block, for the next chunk (whose bindings replace this one's).</summary>
    private void Rewind()
    {
        _block = 0;
        _text = (byte*)_blocks[0].Start;
        (_capacity, _used) = (_blocks[0].Size, 0);
    }

        private static NativeStatement Contacts(sqlite3 db, int rows, string created)
    {
        var statement = new NativeStatement(db, Sql("""
            INSERT INTO "Contacts" ("Id", "Email", "NormalizedEmail", "AddressHash", "FirstName", "LastName", "Country", "Language",
                                    "CustomAttributesJson", "Flags", "Jurisdiction", "CreatedAt")
            """, rows, ContactValues, 2, "?1", """ON CONFLICT ("NormalizedEmail") DO NOTHING"""));
        statement.BindText(1, created);
        return statement;
    }

    private static NativeStatement Memberships(sqlite3 db, int rows, int listId, long jobId, string added)
    {
        var statement = new NativeStatement(db, Sql("""
            INSERT INTO "Memberships" ("ContactId", "Source", "LastMailedAt", "ConsentAt", "ListId", "AddedAt", "ImportJobId")
            """, rows, MembershipValues, 4, "?1, ?2, ?3", """ON CONFLICT ("ListId", "ContactId") DO NOTHING"""));
        statement.BindInt64(1, listId);
        statement.BindText(2, added);
        statement.BindInt64(3, jobId);
        return statement;
    }

    /// <summary><paramref name="insert"/> VALUES (?first, …, shared), … for <paramref name="rows"/> rows, then <paramref name="tail"/>.</summary>
    private static string Sql(string insert, int rows, int perRow, int first, string shared, string tail)
    {
        var sql = new StringBuilder(insert).Append("\nVALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var v = 0; v < perRow; v++) sql.Append(CultureInfo.InvariantCulture, $"?{first + r * perRow + v}, ");
            sql.Append(shared).Append(')');
        }
        return sql.Append('\n').Append(tail).ToString();
    }

    public void Dispose()
    {
        _contacts.Dispose();
        _memberships.Dispose();
        _contactsTail?.Dispose();
        _membershipsTail?.Dispose();
        _find.Dispose();
        foreach (var (start, _) in _blocks) NativeMemory.Free((void*)start);
        _blocks.Clear();
        _text = null;
    }
}
