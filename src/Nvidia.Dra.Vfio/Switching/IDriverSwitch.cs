namespace Nvidia.Dra.Vfio;

/// <summary>Moves a plan's functions to the VFIO driver and restores recorded states.</summary>
public interface IDriverSwitch
{
    /// <summary>
    /// Switches the plan's functions (GPU first) to its VFIO driver: plan, execute, verify. Persist
    /// <see cref="PassthroughPlan.PriorState"/> before calling. Functions already on the target are left alone.
    /// </summary>
    /// <param name="plan">A viable plan.</param>
    /// <param name="cancellationToken">Ends the wait; a cancelled switch does not roll back (restore the recorded state).</param>
    /// <returns>The prior state of every switched function (equal to <see cref="PassthroughPlan.PriorState"/>).</returns>
    /// <exception cref="VfioException">
    /// A typed subclass when nothing was changed or everything was rolled back (<see cref="GpuBusyException"/>,
    /// <see cref="DriverSwitchTimeoutException"/>, <see cref="DriverSwitchInFlightException"/>, …);
    /// <see cref="DriverSwitchFailedException"/> when a step failed otherwise or the rollback did not complete.
    /// A <see cref="GpuBusyException"/> comes before the first write, like every refusal of a check, and is not logged
    /// as a failed switch: a caller may wait for the holders it names and call again.
    /// </exception>
    Task<DriverSwitchRecord> SwitchToVfioAsync(PassthroughPlan plan, CancellationToken cancellationToken = default);

    /// <summary>
    /// Brings every recorded function back to its recorded driver and <c>driver_override</c>, companions first,
    /// from whatever state it is in (also after a crash, from a fresh process). Functions already in their
    /// recorded state are not touched, so a GPU that was on vfio-pci before stays there. A function recorded on
    /// nvidia that is still there with nvidia's <c>unbindLock</c> taken (a switch stopped between the lock and the
    /// unbind) gets the lock back.
    /// </summary>
    /// <param name="record">The recorded prior state.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes when every function is restored.</returns>
    /// <exception cref="GpuBusyException">A VM (or anything else) still holds the VFIO group; nothing was changed.</exception>
    /// <exception cref="DriverSwitchFailedException">A step failed.</exception>
    Task RestoreAsync(DriverSwitchRecord record, CancellationToken cancellationToken = default);

    /// <summary>Reads the current binding of a function (crash reconciliation).</summary>
    /// <param name="address">The function.</param>
    /// <returns>Its driver and override now.</returns>
    FunctionBinding ReadBinding(PciAddress address);
}
