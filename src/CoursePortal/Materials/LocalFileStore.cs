using System.Security.Cryptography;
using CoursePortal.Hosting;

namespace CoursePortal.Materials;

/// <summary>Keeps files under <c>{data}/files/ab/abcdef…</c>, outside the web root.</summary>
public sealed class LocalFileStore(PortalPaths paths) : IFileStore
{
    public async Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.TempDirectory);
        var temp = Path.Combine(paths.TempDirectory, Path.GetRandomFileName());
        try
        {
            string hash;
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int read;
                size = 0;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }

                await file.FlushAsync(cancellationToken);
                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            }

            var target = GetPath(hash);
            if (File.Exists(target))
            {
                File.Delete(temp);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(temp, target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Another request stored the same bytes first; same content, so keep theirs.
                    File.Delete(temp);
                }
            }

            return new StoredFile(hash, size);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public string GetPath(string hash)
    {
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(hash));
        }

        return Path.Combine(paths.FilesDirectory, hash[..2], hash);
    }

    public bool Exists(string hash) => File.Exists(GetPath(hash));

    public void Delete(string hash) => File.Delete(GetPath(hash));
}
