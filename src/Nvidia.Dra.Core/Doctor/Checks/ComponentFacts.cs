namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>The processes of one kind on the node and which GPU nodes they hold.</summary>
internal sealed record ComponentFacts(IReadOnlyList<NodeProcess> Running, IReadOnlyList<string> Holding)
{
    public static ComponentFacts Of(DoctorContext context, NodeProcessKind kind)
    {
        var running = context.Processes.Where(p => p.Kind == kind).ToList();
        var holding = context.AllHolders()
            .Where(h => context.KindOf(h) == kind)
            .Select(h => HolderText.Describe(h, kind))
            .ToList();
        return new ComponentFacts(running, holding);
    }

    public bool IsRunning => Running.Count > 0 || Holding.Count > 0;

    public List<string> Evidence() => [.. Running.Select(p => p.Describe() + (p.CommandLine.Length > 0 ? ": " + p.CommandLine : string.Empty)), .. Holding];
}
