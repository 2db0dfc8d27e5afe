using System.Diagnostics;

namespace ReOptIn.IntegrationTests.Support;

/// <summary>
/// A small tmpfs mounted on a folder: a real file system that runs out of space (ENOSPC) after a
/// few megabytes, for the full-disk drills. Needs root (the CI machine and this one run as root).
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Why tmpfs cannot be mounted here, or null when it can.</summary>
    public static string? Missing => Unavailable.Value;

    public static TmpfsMount Mount(string path, int kilobytes)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", path);
        return new TmpfsMount(path);
    }

    public void Dispose()
    {
        try
        {
            Run("umount", "-l", Path);
        }
        catch (InvalidOperationException)
        {
            // Best effort: a left-over mount in a temporary folder goes with the machine.
        }
    }

    private static string? Probe()
    {
        var folder = Directory.CreateTempSubdirectory("reoptin-tmpfs-probe-").FullName;
        try
        {
            Mount(folder, 64).Dispose();
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "Mounting a tmpfs is not allowed here (the full-disk drills need root): " + e.Message;
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException(program + " did not start.");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {error.Trim()}");
    }
}

/// <summary>A test that needs a tmpfs of its own: skipped, with the reason, only where mounting is not allowed.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.Missing is { } reason) Skip = reason;
    }
}
