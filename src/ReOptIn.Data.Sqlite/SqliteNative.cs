using System.Runtime.InteropServices;

namespace ReOptIn.Data.Sqlite;

/// <summary>
/// The few SQLite calls the import writer makes per row, declared on raw pointers. SQLitePCL's own
/// declarations take SafeHandles, whose add-ref and release on every call cost as much as a bind
/// (docs/performance.md, "Fifth pass"). The same library SQLitePCL loads (<c>e_sqlite3</c>); the
/// statement's SafeHandle is held for as long as these are used.
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_STATIC: SQLite reads the bound bytes where they are, until the parameter is bound again.</summary>
    public static readonly IntPtr Static = IntPtr.Zero;

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    public static partial int BindText(IntPtr statement, int index, byte* text, int length, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_blob")]
    public static partial int BindBlob(IntPtr statement, int index, byte* value, int length, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    public static partial int BindInt64(IntPtr statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    public static partial int BindNull(IntPtr statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(IntPtr statement);
}
