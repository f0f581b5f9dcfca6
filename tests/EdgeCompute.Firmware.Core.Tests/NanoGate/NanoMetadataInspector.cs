using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace EdgeCompute.Firmware.Core.Tests.NanoGate;

/// <summary>
/// Reads a compiled assembly's metadata and lists what nanoFramework 1.x cannot run although the C#
/// compiler accepts it: generic parameters, generic instantiations (MethodSpec rows, generic-instance
/// TypeSpecs and signatures) and multidimensional arrays, wherever they appear in signatures.
/// </summary>
internal static class NanoMetadataInspector
{
    public static IReadOnlyList<string> FindViolations(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        return FindViolations(stream);
    }

    public static IReadOnlyList<string> FindViolations(Stream assembly)
    {
        using var pe = new PEReader(assembly);
        var md = pe.GetMetadataReader();
        var found = new List<string>();
        var provider = new ViolationProvider(found);

        if (md.GetTableRowCount(TableIndex.GenericParam) > 0)
            found.Add($"{md.GetTableRowCount(TableIndex.GenericParam)} GenericParam row(s)");
        if (md.GetTableRowCount(TableIndex.MethodSpec) > 0)
            found.Add($"{md.GetTableRowCount(TableIndex.MethodSpec)} MethodSpec row(s) (generic method instantiations)");

        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            var typeName = md.GetString(type.Name);
            if (type.GetGenericParameters().Count > 0) found.Add($"generic type {typeName}");

            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                provider.Where = $"field {typeName}.{md.GetString(field.Name)}";
                field.DecodeSignature(provider, null);
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var where = $"method {typeName}.{md.GetString(method.Name)}";
                if (method.GetGenericParameters().Count > 0) found.Add($"generic {where}");
                provider.Where = where;
                method.DecodeSignature(provider, null);
                if (method.RelativeVirtualAddress == 0) continue;
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (body.LocalSignature.IsNil) continue;
                provider.Where = $"locals of {where}";
                md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
            }
        }

        foreach (var refHandle in md.MemberReferences)
        {
            var member = md.GetMemberReference(refHandle);
            provider.Where = $"reference to {md.GetString(member.Name)}";
            if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(provider, null);
            else member.DecodeFieldSignature(provider, null);
        }

        for (var row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            provider.Where = $"TypeSpec row {row}";
            md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(provider, null);
        }

        foreach (var typeRefHandle in md.TypeReferences)
        {
            var name = md.GetString(md.GetTypeReference(typeRefHandle).Name);
            if (name.Contains('`', StringComparison.Ordinal)) found.Add($"reference to generic type {name}");
        }

        return found;
    }

    public static IReadOnlyList<string> AssemblyReferences(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
    }

    private sealed class ViolationProvider(List<string> found) : ISignatureTypeProvider<string, object?>
    {
        public string Where { get; set; } = "";

        public string GetArrayType(string elementType, ArrayShape shape)
        {
            found.Add($"multidimensional array {elementType}[{new string(',', shape.Rank - 1)}] in {Where}");
            return elementType + "[,]";
        }

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            found.Add($"generic instantiation {genericType}<{string.Join(",", typeArguments)}> in {Where}");
            return genericType;
        }

        public string GetGenericMethodParameter(object? genericContext, int index)
        {
            found.Add($"generic method parameter !!{index} in {Where}");
            return "!!" + index;
        }

        public string GetGenericTypeParameter(object? genericContext, int index)
        {
            found.Add($"generic type parameter !{index} in {Where}");
            return "!" + index;
        }

        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            reader.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
            reader.GetString(reader.GetTypeReference(handle).Name);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
