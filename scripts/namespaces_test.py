#!/usr/bin/env python3
"""Tests of scripts/namespaces.py on small made-up repositories: python3 scripts/namespaces_test.py"""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "namespaces.py")


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(text).lstrip("\n"))


def read(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


def run(root, *args):
    result = subprocess.run([sys.executable, "-B", TOOL, "--root", root, *args], capture_output=True, text=True)
    return result.returncode, result.stdout, result.stderr


LIB = "lib/Acme.Lib/Acme.Lib.csproj"
APP = "app/Acme.App/Acme.App.csproj"


class NamespacesTests(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        write(self.root, LIB, "<Project><PropertyGroup><RootNamespace>Acme.Lib</RootNamespace></PropertyGroup></Project>\n")
        write(self.root, APP, '<Project><ItemGroup><ProjectReference Include="../../lib/Acme.Lib/Acme.Lib.csproj" />'
                              '</ItemGroup></Project>\n')

    def test_check_names_each_misplaced_file_and_fails(self):
        write(self.root, "lib/Acme.Lib/Wire/Frame.cs", "namespace Acme.Lib;\n\npublic sealed class Frame { }\n")
        write(self.root, "lib/Acme.Lib/Root.cs", "namespace Acme.Lib;\n\npublic sealed class Root { }\n")
        write(self.root, "app/Acme.App/Program.cs", "System.Console.WriteLine();\n")
        code, out, _ = run(self.root, "--check")
        self.assertEqual(1, code)
        self.assertEqual(["lib/Acme.Lib/Wire/Frame.cs: namespace Acme.Lib, expected Acme.Lib.Wire"], out.splitlines())

    def test_fix_moves_the_namespace_and_rewrites_usings_qualified_names_crefs_and_docs(self):
        write(self.root, "lib/Acme.Lib/Wire/Frame.cs", """
            namespace Acme.Lib.Messages;

            /// <summary>A frame; see <see cref="Acme.Lib.Messages.Frame"/>.</summary>
            public sealed class Frame { }
            """)
        write(self.root, "lib/Acme.Lib/Wire/FrameExtensions.cs", """
            namespace Acme.Lib.Messages;

            /// <summary>Extensions.</summary>
            public static class FrameExtensions
            {
                /// <summary>Size.</summary>
                public static int Size(this Frame frame) => 1;
            }
            """)
        write(self.root, "lib/Acme.Lib/Codecs/Codec.cs", """
            namespace Acme.Lib.Codecs;

            /// <summary>Uses <see cref="Messages.Frame"/>.</summary>
            public static class Codec
            {
                /// <summary>Decodes.</summary>
                public static Messages.Frame Decode() => new();
            }
            """)
        write(self.root, "app/Acme.App/Runner.cs", """
            using Acme.Lib.Messages;
            using static Acme.Lib.Messages.FrameExtensions;
            using F = Acme.Lib.Messages.Frame;

            namespace Acme.App;

            internal static class Runner
            {
                public static int Run(Frame f) => f.Size() + typeof(Acme.Lib.Messages.Frame).Name.Length;
                private const string Category = "Acme.Lib.Messages";
            }
            """)
        write(self.root, "docs/notes.md", "Filter: `FullyQualifiedName~Acme.Lib.Messages.Frame`, category Acme.Lib.Messages.\n")
        code, _, err = run(self.root, "--fix")
        self.assertEqual(0, code, err)
        self.assertIn("namespace Acme.Lib.Wire;", read(self.root, "lib/Acme.Lib/Wire/Frame.cs"))
        self.assertIn('cref="Acme.Lib.Wire.Frame"', read(self.root, "lib/Acme.Lib/Wire/Frame.cs"))
        codec = read(self.root, "lib/Acme.Lib/Codecs/Codec.cs")
        self.assertIn('cref="Acme.Lib.Wire.Frame"', codec)
        self.assertIn("public static Acme.Lib.Wire.Frame Decode()", codec)
        runner = read(self.root, "app/Acme.App/Runner.cs")
        self.assertTrue(runner.startswith("using Acme.Lib.Wire;\nusing static Acme.Lib.Wire.FrameExtensions;\n"
                                          "using F = Acme.Lib.Wire.Frame;\n\nnamespace Acme.App;"), runner)
        self.assertIn("typeof(Acme.Lib.Wire.Frame)", runner)
        self.assertIn('Category = "Acme.Lib.Wire"', runner)  # the old namespace is gone; its one new home replaces it
        self.assertEqual("Filter: `FullyQualifiedName~Acme.Lib.Wire.Frame`, category Acme.Lib.Wire.\n",
                         read(self.root, "docs/notes.md"))
        self.assertEqual(0, run(self.root, "--check")[0])
        self.assertEqual((0, ""), run(self.root, "--fix")[:2])  # a second run changes nothing

    def test_a_name_offered_by_two_imported_namespaces_gets_an_alias(self):
        write(self.root, "lib/Acme.Lib/Limits/Limit.cs", "namespace Acme.Lib;\n\npublic static class Limit { }\n")
        write(self.root, "lib/Acme.Lib/Other/Limit.cs", "namespace Acme.Lib.Other;\n\npublic static class Limit { }\n")
        write(self.root, "lib/Acme.Lib/Users/User.cs", """
            using Acme.Lib.Other;

            namespace Acme.Lib.Users;

            internal static class User
            {
                public static string Name => nameof(Limit);
            }
            """)
        code, _, err = run(self.root, "--fix")
        self.assertEqual(0, code, err)
        user = read(self.root, "lib/Acme.Lib/Users/User.cs")
        self.assertIn("using Acme.Lib.Limits;\nusing Acme.Lib.Other;\nusing Limit = Acme.Lib.Limits.Limit;\n", user)

    def test_a_file_moved_out_of_a_namespace_gets_a_using_for_what_it_saw_there(self):
        write(self.root, "lib/Acme.Lib/Clock.cs", "namespace Acme.Lib;\n\npublic sealed class Clock { }\n")
        write(self.root, "lib/Acme.Lib/Timing/Timer.cs", """
            namespace Acme.Lib;

            public sealed class Timer
            {
                public Clock? Clock { get; init; }
            }
            """)
        code, _, err = run(self.root, "--fix")
        self.assertEqual(0, code, err)
        # Acme.Lib encloses Acme.Lib.Timing: Clock is still found without a using
        self.assertEqual("namespace Acme.Lib.Timing;\n", read(self.root, "lib/Acme.Lib/Timing/Timer.cs").splitlines(True)[0])

        write(self.root, "lib/Acme.Lib/Deep/Watch.cs", """
            namespace Acme.Lib.Timing;

            public sealed class Watch
            {
                public Timer? Timer { get; init; }
            }
            """)
        code, _, err = run(self.root, "--fix")
        self.assertEqual(0, code, err)
        self.assertTrue(read(self.root, "lib/Acme.Lib/Deep/Watch.cs").startswith("using Acme.Lib.Timing;\n\nnamespace Acme.Lib.Deep;"))

    def test_refuses_when_a_type_would_be_named_like_its_namespace_or_a_new_namespace_hides_a_type(self):
        write(self.root, "lib/Acme.Lib/Topics/Topics.cs", "namespace Acme.Lib;\n\npublic static class Topics { }\n")
        code, out, err = run(self.root, "--fix")
        self.assertEqual(2, code)
        self.assertIn("type Acme.Lib.Topics.Topics", err)
        self.assertEqual("namespace Acme.Lib;\n", read(self.root, "lib/Acme.Lib/Topics/Topics.cs").splitlines(True)[0])

        os.remove(os.path.join(self.root, "lib/Acme.Lib/Topics/Topics.cs"))
        write(self.root, "lib/Acme.Lib/Random/Seeds.cs", "namespace Acme.Lib;\n\npublic static class Seeds { }\n")
        write(self.root, "lib/Acme.Lib/Dice/Die.cs", """
            namespace Acme.Lib.Dice;

            public sealed class Die
            {
                private readonly Random _random = new(7);
            }
            """)
        code, _, err = run(self.root, "--fix")
        self.assertEqual(2, code)
        self.assertIn("new namespace Acme.Lib.Random would hide the name Random", err)

    def test_linked_test_sources_follow_their_own_root_namespace(self):
        write(self.root, "tests/Shared/Seeds/TestSeed.cs", "namespace EdgeCompute.Tests;\n\npublic static class TestSeed { }\n")
        code, out, _ = run(self.root, "--check")
        self.assertEqual(1, code)
        self.assertIn("expected EdgeCompute.Tests.Seeds", out)


if __name__ == "__main__":
    unittest.main()
