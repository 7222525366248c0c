// Copyright (c) Granary contributors. Licensed under the MIT License.

using System.Globalization;
using Spectre.Console;

namespace Granary.Cli.Formatting;

/// <summary>
/// Progress of a long operation. On a terminal (stderr) it is a live Spectre.Console progress bar drawn on stderr;
/// otherwise, when asked for, a plain "description: done/total" line on stderr at most every <see cref="PlainInterval"/>,
/// so piped stdout stays exactly the command's output.
/// </summary>
public sealed class CliProgress
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private readonly CliContext _context;
    private readonly string _description;
    private readonly bool _plainLines;
    private readonly ProgressTask? _task;
    private long _lastPlainTicks;
    private long _done;
    private long? _total;

    private CliProgress(CliContext context, string description, long? total, bool plainLines, ProgressTask? task, TextWriter output)
    {
        _context = context;
        _description = description;
        _total = total;
        _plainLines = plainLines;
        _task = task;
        Out = output;
        _lastPlainTicks = context.Time.GetTimestamp();
    }

    /// <summary>Where the command writes its result lines while the display is live (above the bar when stdout is the same terminal).</summary>
    public TextWriter Out { get; }

    public bool IsLive => _task is not null;

    /// <summary>
    /// Runs <paramref name="work"/> with a progress display. <paramref name="plainLines"/> says whether a
    /// non-interactive run prints progress lines (perf commands do not: their Kafka-format lines are the progress).
    /// </summary>
    public static async Task<T> RunAsync<T>(CliContext context, string description, long? total, bool plainLines, Func<CliProgress, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        if (!context.Console.Interactive)
        {
            var plain = new CliProgress(context, description, total, plainLines, task: null, context.Console.Out);
            return await work(plain).ConfigureAwait(false);
        }

        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(context.Console.Error),
        });
        var progress = ansi.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn());
        return await progress.StartAsync(async ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(description), autoStart: true, maxValue: Math.Max(1, total ?? 1));
            task.IsIndeterminate = total is null;
            var output = context.Console.OutIsTerminal ? new ConsoleLineWriter(ansi) : context.Console.Out;
            var live = new CliProgress(context, description, total, plainLines, task, output);
            try
            {
                return await work(live).ConfigureAwait(false);
            }
            finally
            {
                if (task.IsIndeterminate)
                {
                    task.IsIndeterminate = false;
                    task.MaxValue = Math.Max(1, live._done);
                }

                task.Value = task.MaxValue;
                task.StopTask();
                await output.FlushAsync().ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Records that <paramref name="done"/> of <paramref name="total"/> (if now known) units are finished.</summary>
    public void Report(long done, long? total = null)
    {
        Interlocked.Exchange(ref _done, done);
        if (total is { } t)
        {
            _total = t;
        }

        if (_task is { } task)
        {
            if (total is { } known)
            {
                task.IsIndeterminate = false;
                task.MaxValue = Math.Max(1, known);
            }

            task.Value = Math.Min(done, task.MaxValue);
            return;
        }

        WritePlainLine();
    }

    private void WritePlainLine()
    {
        if (!_plainLines)
        {
            return;
        }

        var now = _context.Time.GetTimestamp();
        if (_context.Time.GetElapsedTime(_lastPlainTicks, now) < PlainInterval)
        {
            return;
        }

        _lastPlainTicks = now;
        var done = Interlocked.Read(ref _done).ToString(CultureInfo.InvariantCulture);
        _context.Console.Error.WriteLine(_total is { } total ? $"{_description}: {done}/{total.ToString(CultureInfo.InvariantCulture)}" : $"{_description}: {done}");
    }
}
