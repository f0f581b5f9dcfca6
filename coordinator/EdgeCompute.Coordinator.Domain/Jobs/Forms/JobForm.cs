namespace EdgeCompute.Coordinator.Domain.Jobs.Forms;

/// <summary>
/// A way to submit a job of a kind: the fields a submitter fills in and how they become a spec (on the command line,
/// <c>edgecompute submit {Command} --field value …</c>). A kind may offer several (or none).
/// </summary>
/// <param name="Command">The command name (<c>pi</c>, <c>mandelbrot</c>).</param>
/// <param name="Description">One sentence for help text.</param>
/// <param name="Fields">The fields, in help order.</param>
/// <param name="Build">Makes the spec from the values; throws <see cref="JobFormException"/> naming the field a value does not suit.</param>
public sealed record JobForm(string Command, string Description, IReadOnlyList<JobFormField> Fields, Func<JobFormValues, JobSpec> Build);
