using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.Tests;

public sealed class RequestOptionsValidatorTests
{
    [Fact]
    public void Write_options_kubectl_sends_are_valid()
    {
        Assert.Empty(RequestOptionsValidator.Write(["All"], "Strict", "kubectl-client-side-apply"));
        Assert.Empty(RequestOptionsValidator.Write([], "", ""));
    }

    [Theory]
    [InlineData("Bogus", "", "", "dryRun: Unsupported value: []string{\"Bogus\"}: supported values: \"All\"")]
    [InlineData("", "strict", "", "fieldValidation: Unsupported value: \"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"")]
    [InlineData("", "", "bad\u0001", "fieldManager: Invalid value: \"bad\\x01\": invalid character U+0001 (at position 3)")]
    public void Unknown_write_options_are_refused_with_kubes_wording(string dryRun, string fieldValidation, string fieldManager, string expected)
    {
        var errors = RequestOptionsValidator.Write(dryRun.Length > 0 ? [dryRun] : [], fieldValidation, fieldManager);

        Assert.Equal(expected, Assert.Single(errors).ToString());
    }

    [Fact]
    public void A_field_manager_over_128_characters_is_too_long()
    {
        var error = Assert.Single(RequestOptionsValidator.Write([], "", new string('m', 129)));

        Assert.Equal(FieldErrorType.TooLong, error.Type);
    }

    [Fact]
    public void Force_belongs_to_apply_and_apply_needs_a_field_manager()
    {
        Assert.Equal("force: Forbidden: may not be specified for non-apply patch",
            Assert.Single(RequestOptionsValidator.Patch(apply: false, forceSet: true, [], "", "")).ToString());
        Assert.Equal("fieldManager: Required value: is required for apply patch",
            Assert.Single(RequestOptionsValidator.Patch(apply: true, forceSet: true, [], "", "")).ToString());
        Assert.Empty(RequestOptionsValidator.Patch(apply: true, forceSet: true, [], "", "kubectl"));
    }

    [Fact]
    public void Delete_options_need_a_known_policy_and_not_both_orphan_flags()
    {
        Assert.Empty(RequestOptionsValidator.Delete("Foreground", orphanDependentsSet: false, []));
        Assert.Equal(FieldErrorType.NotSupported, Assert.Single(RequestOptionsValidator.Delete("Bogus", false, [])).Type);
        Assert.Equal("propagationPolicy: Invalid value: \"Orphan\": orphanDependents and deletionPropagation cannot be both set",
            Assert.Single(RequestOptionsValidator.Delete("Orphan", orphanDependentsSet: true, [])).ToString());
        Assert.Single(RequestOptionsValidator.Delete(null, false, ["all"]));
    }

    [Theory]
    [InlineData(false, "", "", false, false, 0)]
    [InlineData(false, "5", "NotOlderThan", false, false, 0)]
    [InlineData(false, "", "Exact", false, false, 1)]
    [InlineData(false, "1", "Bogus", false, false, 1)]
    [InlineData(false, "0", "Exact", false, false, 1)]
    [InlineData(false, "", "", true, false, 1)]
    [InlineData(true, "5", "", false, false, 0)]
    [InlineData(true, "5", "NotOlderThan", false, false, 1)]
    [InlineData(true, "", "", true, false, 1)]
    [InlineData(false, "", "", false, true, 0)]
    [InlineData(false, "5", "NotOlderThan", false, true, 1)]
    [InlineData(true, "5", "NotOlderThan", true, true, 2)]
    public void List_options_follow_ValidateListOptions(bool watch, string resourceVersion, string match, bool sendInitialEvents, bool continueSet, int errors)
    {
        Assert.Equal(errors, RequestOptionsValidator.List(watch, resourceVersion, match, sendInitialEvents, continueSet).Count);
    }
}
