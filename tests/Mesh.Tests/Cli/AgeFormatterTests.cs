namespace Mesh.Tests.Cli;

public sealed class AgeFormatterTests
{
    [Theory]
    [InlineData(4, "4s")]
    [InlineData(59, "59s")]
    [InlineData(180, "3m")]
    [InlineData(7200, "2h")]
    [InlineData(4 * 86400 + 5, "4d")]
    [InlineData(800 * 86400, "2y")]
    [InlineData(-3, "0s")]
    public void Ages_print_the_largest_whole_unit(int seconds, string expected) =>
        Mesh.Cli.Output.AgeFormatter.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);
}
