import Foundation

/// Body proportions as fractions of standing height H.
///
/// Landmark heights and segment lengths are from Drillis R, Contini R (1966), *Body Segment
/// Parameters*, Technical Report 1166-03, New York University School of Engineering and
/// Science, as tabulated in Winter DA, *Biomechanics and Motor Control of Human Movement*,
/// 4th ed., Wiley 2009, chapter 4 (figure 4.1). Thicknesses (how deep and wide the trunk and
/// limbs are drawn) are not in that table: they are the illustrator's estimates for an
/// average adult, chosen so the outline meets the tabulated shoulder and hip widths.
public enum Proportions {
    // Landmark heights above the floor (Drillis & Contini via Winter 2009).
    public static let shoulderHeight = 0.818
    public static let chinHeight = 0.870
    public static let elbowHeight = 0.630
    public static let wristHeight = 0.485
    /// Greater trochanter; the hip joint is drawn at this height.
    public static let hipHeight = 0.530
    public static let kneeHeight = 0.285
    public static let ankleHeight = 0.039

    // Segment lengths (Drillis & Contini via Winter 2009).
    public static let upperArm = 0.186
    public static let forearm = 0.146
    public static let hand = 0.108
    public static let thigh = 0.245
    public static let shank = 0.246
    public static let footLength = 0.152
    public static let footWidth = 0.055
    public static let shoulderWidth = 0.259
    public static let hipWidth = 0.191
    public static let head = 0.130

    // Drawing estimates (not from the table): limb radii at each end.
    static let upperArmRadius = (0.028, 0.021)
    static let forearmRadius = (0.021, 0.016)
    static let handRadius = (0.015, 0.012)
    static let thighRadius = (0.048, 0.031)
    static let shankRadius = (0.032, 0.020)
    /// The waist (the joint the trunk bends at) above the hip joint: level with the elbow.
    static let waistAboveHip = elbowHeight - hipHeight
    /// The neck joint above the waist: a little above shoulder height.
    static let neckAboveWaist = 0.838 - elbowHeight
    /// The head's centre halfway between chin and crown.
    static let headCentreHeight = (chinHeight + 1.0) / 2
}
