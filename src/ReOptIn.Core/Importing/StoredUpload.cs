using Microsoft.Extensions.Logging;

namespace ReOptIn.Core.Importing;

/// <summary>An uploaded file kept on disk (in <c>Imports:Folder</c>) until its job ends.</summary>
public static class StoredUpload
{
    /// <summary>
    /// Deletes it. A file that cannot be deleted (on another instance's disk, a permission, a busy
    /// disk) is logged and left: ending or cancelling the job must not fail on it. True when it is gone.
    /// </summary>
    public static bool TryDelete(string path, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(log);
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "Could not delete the stored upload {Path}.", path);
            return false;
        }
    }
}
