namespace Nvidia.Dra.Vfio;

/// <summary>The device changed between planning and switching; plan again.</summary>
public sealed class StaleSwitchPlanException : VfioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">The function that changed.</param>
    /// <param name="planned">The binding recorded in the plan.</param>
    /// <param name="actual">The binding now.</param>
    public StaleSwitchPlanException(PciAddress device, FunctionBinding planned, FunctionBinding actual)
        : base(
            $"PCI function {device} changed since the switch was planned (planned driver {planned?.Driver ?? "none"}, override {planned?.DriverOverride ?? "none"}; now driver {actual?.Driver ?? "none"}, override {actual?.DriverOverride ?? "none"}). Someone else rebound it; plan again.",
            device,
            VfioStep.Plan)
    {
    }
}
