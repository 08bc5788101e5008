using Nvidia.Dra.Core.Advertising;

namespace Nvidia.Dra.Core.Inventory;

/// <summary>
/// The last two publications built and the inputs they were built from. A build depends on its input alone, save its
/// generation (<see cref="ResourceSliceBuilder.Restamp"/>), so a publication built from an equal input is reused
/// instead of rebuilt: a GPU prepared and unprepared in turn alternates between two inputs, and building,
/// fingerprinting and validating that pool each time was most of a refresh. Not thread-safe: the publisher's lock
/// guards it.
/// </summary>
internal sealed class PublicationMemo
{
    private static readonly IReadOnlySet<string> NoGpus = new HashSet<string>();

    private (AdvertisingInput Input, PoolPublication Publication)? newer;
    private (AdvertisingInput Input, PoolPublication Publication)? older;

    /// <summary>Returns the publication built from an equal input, if one of the last two was.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The publication, or <see langword="null"/>.</returns>
    public PoolPublication? Find(AdvertisingInput input)
    {
        if (newer is { } recent && SameInput(recent.Input, input))
        {
            return recent.Publication;
        }

        if (older is { } earlier && SameInput(earlier.Input, input))
        {
            (newer, older) = (older, newer);
            return earlier.Publication;
        }

        return null;
    }

    /// <summary>Remembers a publication built now, forgetting the older of the two kept.</summary>
    /// <param name="input">The input it was built from.</param>
    /// <param name="publication">The publication.</param>
    public void Remember(AdvertisingInput input, PoolPublication publication)
    {
        older = newer;
        newer = (input, publication);
    }

    // The record's own equality compares the GPU list and the held set by reference; the GPUs are records.
    private static bool SameInput(AdvertisingInput a, AdvertisingInput b) =>
        a with { Gpus = [], ContainerHeldGpus = NoGpus } == b with { Gpus = [], ContainerHeldGpus = NoGpus }
        && a.Gpus.SequenceEqual(b.Gpus)
        && a.ContainerHeldGpus.SetEquals(b.ContainerHeldGpus);
}
