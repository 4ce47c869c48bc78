using Orleans.Kube.Model.Selectors;

namespace Orleans.Kube.Model.Tests;

public sealed class FieldLabelsTests
{
    [Theory]
    [InlineData("ConfigMap", "metadata.name=a,metadata.namespace!=b")]
    [InlineData("Pod", "spec.nodeName=n1,status.phase!=Succeeded")]
    [InlineData("Event", "involvedObject.kind=Pod,involvedObject.uid=u,reason=Failed,type=Warning")]
    [InlineData("Secret", "type=Opaque")]
    [InlineData("Node", "spec.unschedulable=true")]
    public void Fields_the_kind_is_selectable_by_pass(string kind, string selector)
    {
        FieldLabels.Check(kind, FieldSelector.Parse(selector));
    }

    [Theory]
    [InlineData("ConfigMap", "spec.foo=bar", "spec.foo")]
    [InlineData("ConfigMap", "status.phase=Running", "status.phase")]
    [InlineData("Deployment", "metadata.name=a,spec.replicas=1", "spec.replicas")]
    [InlineData("Service", "metadata.labels=x", "metadata.labels")]
    public void Other_fields_are_not_supported(string kind, string selector, string field)
    {
        var error = Assert.Throws<SelectorException>(() => FieldLabels.Check(kind, FieldSelector.Parse(selector)));

        Assert.Equal($"field label not supported: {field}", error.Message);
    }
}
