namespace EdgeCompute.Coordinator.Tests.Api.Senml;

/// <summary>RFC 8428's own examples, as printed in the RFC, used as test vectors.</summary>
internal static class Rfc8428Examples
{
    /// <summary>Section 5.1.1, "Single Datapoint".</summary>
    public const string SingleDatapoint = """
        [
          {"n":"urn:dev:ow:10e2073a01080063","u":"Cel","v":23.1}
        ]
        """;

    /// <summary>Section 5.1.2, "Multiple Datapoints".</summary>
    public const string MultipleDatapoints = """
        [
          {"bn":"urn:dev:ow:10e2073a01080063:","n":"voltage","u":"V","v":120.1},
          {"n":"current","u":"A","v":1.2}
        ]
        """;

    /// <summary>Section 5.1.3, "Multiple Measurements" (current at Tue Jun 8 18:01:16.001 UTC 2010 and each second for 5 seconds before).</summary>
    public const string MultipleMeasurements = """
        [
          {"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,
           "bu":"A","bver":5,
           "n":"voltage","u":"V","v":120.1},
          {"n":"current","t":-5,"v":1.2},
          {"n":"current","t":-4,"v":1.3},
          {"n":"current","t":-3,"v":1.4},
          {"n":"current","t":-2,"v":1.5},
          {"n":"current","t":-1,"v":1.6},
          {"n":"current","v":1.7}
        ]
        """;

    /// <summary>Section 5.1.4, "Resolved Data": humidity, position and battery of a mobile device…</summary>
    public const string MultipleDataTypesWithPosition = """
        [
          {"bn":"urn:dev:ow:10e2073a01080063","bt":1.320067464e+09,
           "bu":"%RH","v":20},
          {"u":"lon","v":24.30621},
          {"u":"lat","v":60.07965},
          {"t":60,"v":20.3},
          {"u":"lon","t":60,"v":24.30622},
          {"u":"lat","t":60,"v":60.07965},
          {"t":120,"v":20.7},
          {"u":"lon","t":120,"v":24.30623},
          {"u":"lat","t":120,"v":60.07966},
          {"u":"%EL","t":150,"v":98},
          {"t":180,"v":21.2},
          {"u":"lon","t":180,"v":24.30628},
          {"u":"lat","t":180,"v":60.07967}
        ]
        """;

    /// <summary>…and the same in resolved form, as the RFC prints it.</summary>
    public const string MultipleDataTypesWithPositionResolved = """
        [
          {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067464e+09,
           "v":20},
          {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067464e+09,
           "v":24.30621},
          {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067464e+09,
           "v":60.07965},
          {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067524e+09,
           "v":20.3},
          {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067524e+09,
           "v":24.30622},
          {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067524e+09,
           "v":60.07965},
          {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067584e+09,
           "v":20.7},
          {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067584e+09,
           "v":24.30623},
          {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067584e+09,
           "v":60.07966},
          {"n":"urn:dev:ow:10e2073a01080063","u":"%EL","t":1.320067614e+09,
           "v":98},
          {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067644e+09,
           "v":21.2},
          {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067644e+09,
           "v":24.30628},
          {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067644e+09,
           "v":60.07967}
        ]
        """;

    /// <summary>Section 5.1.6, "Multiple Data Types".</summary>
    public const string MultipleDataTypes = """
        [
          {"bn":"urn:dev:ow:10e2073a01080063:","n":"temp","u":"Cel","v":23.1},
          {"n":"label","vs":"Machine Room"},
          {"n":"open","vb":false},
          {"n":"nfc-reader","vd":"aGkgCg"}
        ]
        """;

    /// <summary>Section 5.1.7, "Collection of Resources".</summary>
    public const string CollectionOfResources = """
        [
          {"bn":"2001:db8::2/","bt":1.320078429e+09,
           "n":"temperature","u":"Cel","v":25.2},
          {"n":"humidity","u":"%RH","v":30},
          {"bn":"2001:db8::1/","n":"temperature","u":"Cel","v":12.3},
          {"n":"humidity","u":"%RH","v":67}
        ]
        """;

    /// <summary>Section 6, "CBOR Representation": the data of section 5.1.2 (with the base name of 5.1.3) in CBOR, as the RFC's hex dump prints it.</summary>
    public const string CborHex =
        "82a421781b75726e3a6465763a6f773a3130653230373361303130383030363a" +
        "0067766f6c7461676501615602fb405e066666666666a3006763757272656e74" +
        "01614102fb3ff3333333333333";
}
