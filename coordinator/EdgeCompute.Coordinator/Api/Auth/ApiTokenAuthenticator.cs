using System.Security.Cryptography;
using System.Text;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EdgeCompute.Coordinator.Api.Auth;

/// <summary>
/// Resolves <c>Authorization: Bearer &lt;token&gt;</c> to an owner (registry API tokens, read on every request so a
/// registry reload takes effect at once) or the operator. Tokens are compared as SHA-256 digests with
/// <see cref="CryptographicOperations.FixedTimeEquals"/> against every candidate, so timing tells nothing about a token.
/// </summary>
public sealed class ApiTokenAuthenticator
{
    private const string Scheme = "Bearer ";

    private readonly FleetRegistry _registry;
    private readonly byte[]? _operatorDigest;
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, OwnerRecord>? _ownersSeen;
    private (string OwnerId, byte[] Digest)[] _owners = [];

    /// <summary>Creates the authenticator.</summary>
    /// <param name="registry">The registry (owners' API tokens).</param>
    /// <param name="operatorToken">The operator token, or null for none.</param>
    public ApiTokenAuthenticator(FleetRegistry registry, string? operatorToken)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _operatorDigest = string.IsNullOrEmpty(operatorToken) ? null : Digest(operatorToken);
    }

    /// <summary>Gets whether an operator token is configured (deposits are enabled).</summary>
    public bool HasOperator => _operatorDigest is not null;

    /// <summary>Identifies the caller of a request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The caller.</returns>
    public ApiCaller Identify(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers[HeaderNames.Authorization];
        if (headers.Count == 0)
        {
            return new ApiCaller(ApiCallerKind.Anonymous, null);
        }

        var header = headers[0];
        if (headers.Count > 1 || header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length - Scheme.Length > 1024)
        {
            return new ApiCaller(ApiCallerKind.Unrecognised, null);
        }

        return Identify(header[Scheme.Length..].Trim());
    }

    /// <summary>Identifies the holder of a token.</summary>
    /// <param name="token">The presented token.</param>
    /// <returns>The caller.</returns>
    public ApiCaller Identify(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0)
        {
            return new ApiCaller(ApiCallerKind.Unrecognised, null);
        }

        var presented = Digest(token);
        string? owner = null;
        foreach (var (ownerId, digest) in Owners())
        {
            // no early exit: every candidate is compared
            if (CryptographicOperations.FixedTimeEquals(presented, digest))
            {
                owner = ownerId;
            }
        }

        var isOperator = _operatorDigest is not null && CryptographicOperations.FixedTimeEquals(presented, _operatorDigest);
        return owner is not null ? new ApiCaller(ApiCallerKind.Owner, owner)
            : isOperator ? new ApiCaller(ApiCallerKind.Operator, null)
            : new ApiCaller(ApiCallerKind.Unrecognised, null);
    }

    private (string OwnerId, byte[] Digest)[] Owners()
    {
        var current = _registry.Owners;
        lock (_gate)
        {
            if (!ReferenceEquals(current, _ownersSeen))
            {
                _owners = [.. current.Values.Where(o => !string.IsNullOrEmpty(o.ApiToken)).Select(o => (o.Id, Digest(o.ApiToken)))];
                _ownersSeen = current;
            }

            return _owners;
        }
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
