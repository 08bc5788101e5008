namespace Nvidia.Dra.Core.Doctor;

/// <summary>
/// One read-only node check run by <see cref="NodeDoctor"/>. Register more with
/// <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IDoctorCheck, MyCheck&gt;())</c>; checks run in
/// registration order. A check must never change the node.
/// </summary>
public interface IDoctorCheck
{
    /// <summary>Gets the stable name of the check, used in every finding it returns (for example <c>iommu</c>).</summary>
    string Name { get; }

    /// <summary>Runs the check.</summary>
    /// <param name="context">The facts of this run, read once and shared by every check.</param>
    /// <param name="cancellationToken">Ends the check.</param>
    /// <returns>The findings; none when the check does not apply (a per-GPU check on a node without GPUs).</returns>
    Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken);
}
