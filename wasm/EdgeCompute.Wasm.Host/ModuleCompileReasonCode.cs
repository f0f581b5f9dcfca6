namespace EdgeCompute.Wasm.Host;

/// <summary>Why a module was or was not compiled. Every value but <see cref="Ok"/> is deterministic: the same bytes fail the same way on every host.</summary>
public enum ModuleCompileReasonCode
{
    /// <summary>Compiled, and it follows the host ABI.</summary>
    Ok = 0,

    /// <summary>No bytes.</summary>
    Empty = 1,

    /// <summary>More bytes than the limit.</summary>
    TooLarge = 2,

    /// <summary>The bytes do not hash to the hash they were sent under.</summary>
    HashMismatch = 3,

    /// <summary>Not valid WebAssembly under the deterministic configuration (a syntax error, or a proposal it leaves off such as SIMD or threads).</summary>
    Invalid = 4,

    /// <summary>Valid WebAssembly that does not follow the host ABI: an import the host does not provide, or a missing or mistyped export.</summary>
    AbiMismatch = 5,
}
