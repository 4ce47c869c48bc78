namespace Orleans.Kube.Model.Selectors;

/// <summary>selection.Operator: the relation one label requirement checks.</summary>
internal enum LabelOperator
{
    Equals,
    DoubleEquals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}
