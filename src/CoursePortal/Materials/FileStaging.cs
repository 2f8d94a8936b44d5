using System.Security.Cryptography;
using CoursePortal.Hosting;

namespace CoursePortal.Materials;

/// <summary>
/// Where uploads arrive, whatever the store: <c>{data}/tmp</c> on this machine. The whole file is on
/// disk (never in memory) and hashed before anything is kept, so the content check can read it and a
/// refused or cut-off upload never reaches the store.
/// </summary>
public sealed class FileStaging(PortalPaths paths)
{
    private const int BufferSize = 81920;

    public async Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.TempDirectory);
        var temp = Path.Combine(paths.TempDirectory, Path.GetRandomFileName() + ".upload");
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }

                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
            }

            return new StagedFile(temp, Convert.ToHexStringLower(sha.GetHashAndReset()), size);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public void ClearTemporaryFiles()
    {
        if (Directory.Exists(paths.TempDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(paths.TempDirectory))
            {
                File.Delete(file);
            }
        }
    }
}
