namespace Nvidia.Dra.Nvml.Tests.Errors;

public sealed class NvmlErrorsTests
{
    public static TheoryData<NvmlReturn> Failures()
    {
        var data = new TheoryData<NvmlReturn>();
        foreach (var code in Enum.GetValues<NvmlReturn>().Where(code => code != NvmlReturn.Success))
        {
            data.Add(code);
        }

        return data;
    }

    [Theory]
    [InlineData(NvmlReturn.NotSupported, typeof(NvmlNotSupportedException))]
    [InlineData(NvmlReturn.FunctionNotFound, typeof(NvmlNotSupportedException))]
    [InlineData(NvmlReturn.ArgumentVersionMismatch, typeof(NvmlNotSupportedException))]
    [InlineData(NvmlReturn.NoPermission, typeof(NvmlNoPermissionException))]
    [InlineData(NvmlReturn.OperatingSystem, typeof(NvmlNoPermissionException))]
    [InlineData(NvmlReturn.NotFound, typeof(NvmlGpuNotFoundException))]
    [InlineData(NvmlReturn.GpuNotFound, typeof(NvmlGpuNotFoundException))]
    [InlineData(NvmlReturn.GpuIsLost, typeof(NvmlGpuUnhealthyException))]
    [InlineData(NvmlReturn.ResetRequired, typeof(NvmlGpuUnhealthyException))]
    [InlineData(NvmlReturn.InUse, typeof(NvmlInUseException))]
    [InlineData(NvmlReturn.DriverNotLoaded, typeof(NvmlDriverUnavailableException))]
    [InlineData(NvmlReturn.LibRmVersionMismatch, typeof(NvmlDriverUnavailableException))]
    [InlineData(NvmlReturn.Timeout, typeof(NvmlException))]
    [InlineData(NvmlReturn.Unknown, typeof(NvmlException))]
    public void Create_Code_ReturnsMatchingExceptionType(NvmlReturn code, Type expected)
    {
        NvmlErrors.Create(code, "nvmlDeviceGetUUID", "text", "0000:3b:00.0").Should().BeOfType(expected);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void Create_EveryFailureCode_CarriesCodeFunctionNvmlMessageGpuAndRemedy(NvmlReturn code)
    {
        var exception = NvmlErrors.Create(code, "nvmlDeviceSetPersistenceMode", "NVML says so", "0000:3b:00.0");

        exception.Should().BeAssignableTo<NvmlException>();
        exception.Code.Should().Be(code);
        exception.FunctionName.Should().Be("nvmlDeviceSetPersistenceMode");
        exception.NvmlMessage.Should().Be("NVML says so");
        exception.Gpu.Should().Be("0000:3b:00.0");
        exception.Message.Should().StartWith("nvmlDeviceSetPersistenceMode failed for GPU 0000:3b:00.0: NVML_ERROR_")
            .And.Contain($"({(int)code})")
            .And.Contain("NVML says so")
            .And.EndWith(NvmlReturnInfo.Remedy(code));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void Name_EveryDefinedCode_HasItsOwnCName(NvmlReturn code)
    {
        NvmlReturnInfo.Name(code).Should().StartWith("NVML_ERROR_");
        NvmlReturnInfo.FallbackMessage(code).Should().NotStartWith("unknown return value");
    }

    [Fact]
    public void Name_UndefinedCode_NamesTheNumber()
    {
        NvmlReturnInfo.Name((NvmlReturn)31).Should().Be("NVML return value 31");
        NvmlReturnInfo.FallbackMessage((NvmlReturn)31).Should().Be("unknown return value: 31");
    }

    [Fact]
    public void Name_DefinedCodes_AreAllDistinct()
    {
        Enum.GetValues<NvmlReturn>().Select(NvmlReturnInfo.Name).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData(NvmlReturn.Timeout, true)]
    [InlineData(NvmlReturn.GpuIsLost, true)]
    [InlineData(NvmlReturn.InUse, true)]
    [InlineData(NvmlReturn.NotReady, true)]
    [InlineData(NvmlReturn.DriverNotLoaded, true)]
    [InlineData(NvmlReturn.NotSupported, false)]
    [InlineData(NvmlReturn.NoPermission, false)]
    [InlineData(NvmlReturn.InvalidArgument, false)]
    [InlineData(NvmlReturn.LibRmVersionMismatch, false)]
    [InlineData(NvmlReturn.LibraryNotFound, false)]
    public void IsTransient_Code_SaysWhetherRetryingCanHelp(NvmlReturn code, bool transient)
    {
        NvmlErrors.Create(code, "f", "m", gpu: null).IsTransient.Should().Be(transient);
    }

    [Fact]
    public void Create_WithoutGpu_LeavesGpuOutOfMessage()
    {
        var exception = NvmlErrors.Create(NvmlReturn.DriverNotLoaded, "nvmlInitWithFlags", "Driver Not Loaded", gpu: null);

        exception.Message.Should().StartWith("nvmlInitWithFlags failed: NVML_ERROR_DRIVER_NOT_LOADED (9): Driver Not Loaded.");
        exception.Gpu.Should().BeNull();
    }
}
