namespace Nvidia.Dra.Cdi;

/// <summary>The event ids Nvidia.Dra.Cdi logs with (range 3000–3999).</summary>
public static class CdiEventIds
{
    /// <summary>A spec file was written.</summary>
    public const int SpecWritten = 3000;

    /// <summary>A spec file was removed.</summary>
    public const int SpecRemoved = 3001;

    /// <summary>Writing a spec file failed; the previous file, if any, is unchanged.</summary>
    public const int SpecWriteFailed = 3002;

    /// <summary>A spec was refused before anything was written (invalid spec or unsafe name).</summary>
    public const int SpecRejected = 3003;

    /// <summary>The spec directories were scanned.</summary>
    public const int RegistryRefreshed = 3010;

    /// <summary>A spec file could not be loaded and was skipped.</summary>
    public const int SpecLoadFailed = 3011;

    /// <summary>Two specs of the same priority define the same device; the device was dropped.</summary>
    public const int DeviceConflict = 3012;

    /// <summary>A configured spec directory does not exist (it is skipped).</summary>
    public const int SpecDirectoryMissing = 3013;
}
