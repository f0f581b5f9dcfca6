using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Internal;

/// <summary>
/// Walks the keys of one of our maps: small unsigned integers, ascending, each once. Reports unknown,
/// repeated, out-of-order and (through <see cref="Require"/>) missing keys by name.
/// </summary>
internal struct MapKeys
{
    private readonly string _what;
    private int _remaining;
    private int _last;
    private ulong _seen;

    public MapKeys(CborReader reader, string what)
    {
        _what = what;
        _remaining = reader.ReadMap(what);
        _last = -1;
        _seen = 0;
    }

    /// <summary>Reads the next key, or ends the map and returns false.</summary>
    public bool Next(CborReader reader, out int key)
    {
        key = 0;
        if (_remaining == 0)
        {
            reader.ReadEndMap();
            return false;
        }

        _remaining--;
        var state = reader.PeekState();
        if (state is not CborReaderState.UnsignedInteger)
        {
            throw CborFields.WrongType($"{_what}: map key", "an unsigned integer", state);
        }

        var value = reader.ReadUInt64();
        if (value > 63)
        {
            throw Unexpected(value);
        }

        key = (int)value;
        if (key == _last)
        {
            throw new DecodeFailure(DecodeErrorCode.DuplicateKey, $"{_what}: key {key} appears twice");
        }

        if (key < _last)
        {
            throw new DecodeFailure(DecodeErrorCode.KeyOutOfOrder, $"{_what}: key {key} follows key {_last}; keys must ascend");
        }

        _last = key;
        _seen |= 1UL << key;
        return true;
    }

    public readonly DecodeFailure Unexpected(ulong key) =>
        new(DecodeErrorCode.UnexpectedKey, $"{_what}: unknown key {key}");

    public readonly bool Has(int key) => (_seen & (1UL << key)) != 0;

    public readonly void Require(int key, string name)
    {
        if (!Has(key))
        {
            throw new DecodeFailure(DecodeErrorCode.MissingKey, $"{_what}: key {key} ({name}) is missing");
        }
    }
}
